"""Media-kit items in search (title, occasion, city): registered when the app is built (see create_app)."""
from sqlalchemy import inspect, select
from sqlalchemy.orm import object_session

from ..search.registry import register_parent, register_type
from .models import KitItem, Occasion

register_type(KitItem, label='طرح مناسبتی', plural='طرح‌های مناسبتی', icon='images',
              words=('kit', 'occasion', 'poster', 'مناسبت', 'طرح', 'پوستر', 'بنر', 'بسته رسانه‌ای'),
              eager=('occasion', 'city'))


def _item_keys(occasion):
    """A renamed occasion re-indexes its items (their documents carry its name); read on the flush's connection."""
    state = inspect(occasion)
    if occasion.id is None or state.deleted or state.was_deleted:
        return []  # a deleted occasion's items are deleted (and unindexed) themselves
    ids = object_session(occasion).connection().scalars(select(KitItem.id).where(KitItem.occasion_id == occasion.id))
    return [f'kit_item:{i}' for i in ids]


register_parent(Occasion, _item_keys)
