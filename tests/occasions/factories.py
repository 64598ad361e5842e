"""Factory methods for occasions, mixed into tests.factories.Factories (flush, never commit)."""
import io


def png_bytes(size=(1200, 800), colour=(15, 95, 115)):
    from PIL import Image
    out = io.BytesIO()
    Image.new('RGB', size, colour).save(out, 'PNG')
    return out.getvalue()


class OccasionFactories:
    def occasion(self, **kw):
        from commission.occasions.models import Occasion
        kw.setdefault('name', f'مناسبت آزمایشی {self._number()}')
        kw.setdefault('kind', 'national')
        kw.setdefault('calendar', 'solar')
        kw.setdefault('month', 11)
        kw.setdefault('day', 22)
        kw.setdefault('days_ahead', 10)
        return self._add(Occasion(**kw))

    def kit_item(self, occasion, *, city=None, user=None, year=1405, data=None, filename='poster.png', **kw):
        """A kit item stored through the service (its file is written as an upload is)."""
        from werkzeug.datastructures import FileStorage

        from commission.occasions.services import add_item
        user = user or self.user(role='director', city=city or self.city())
        upload = FileStorage(stream=io.BytesIO(data or png_bytes()), filename=filename)
        kw.setdefault('title', 'پوستر آزمایشی')
        kw.setdefault('item_kind', 'poster')
        kw.setdefault('licence', 'free_credit')
        kw.setdefault('credit', '')
        return add_item(occasion, upload, year=year, city=city if city is not None else user.city, user=user, **kw)
