"""Factory methods for this domain, mixed into tests.factories.Factories (flush, never commit)."""
import datetime as dt


class PracticeFactories:
    def category(self, name=None, **kw):
        from commission.practices.models import Category
        return self._add(Category(name=name or f'دسته آزمون {self._number()}', **kw))

    def practice(self, city=None, status='published', author=None, tags=(), **kw):
        """A practice of `city` (a new one by default); published unless told otherwise."""
        from commission.practices.models import Practice
        from commission.practices.services import get_tags
        n = self._number()
        city = city or (author.city if author is not None and author.city else self.city())
        kw.setdefault('title', f'تجربه آزمون {n}')
        kw.setdefault('summary', f'خلاصه تجربه آزمون {n}')
        if 'category' not in kw and 'category_id' not in kw:
            kw['category'] = self.category()
        if status == 'published':
            kw.setdefault('published_dt', dt.datetime(2024, 1, 1) + dt.timedelta(minutes=n))
        practice = Practice(city=city, author=author, status=status, **kw)
        practice.tags = get_tags(list(tags))
        return self._add(practice)

    def comment(self, practice, author, body='پرسش آزمون', parent=None, **kw):
        from commission.practices.models import PracticeComment
        return self._add(PracticeComment(practice=practice, author=author, body=body,
                                         parent_id=parent.id if parent else None, **kw))
