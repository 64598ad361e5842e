"""The practice library: categories and tags, writing and the review workflow, and finding practices.

Who may do what is in rules.py; the peers' questions, useful marks and adoptions in exchange.py.
"""
import logging

from flask import url_for
from sqlalchemy.orm import joinedload, selectinload

from ..attachments.services import attachments_for, delete_attachment, store_attachment
from ..audit.services import record as audit
from ..cities.models import City
from ..db import db
from ..notifications.services import city_directors, notify, staff_users
from ..timeutil import utcnow
from .models import Category, Practice, PracticeAdoption, Tag, practice_tags

logger = logging.getLogger(__name__)

#: the categories the commission started with (the secretariat edits them later)
DEFAULT_CATEGORIES = [
    'تولید محتوا',
    'شبکه‌های اجتماعی و فضای مجازی',
    'افکارسنجی و رضایت‌سنجی',
    'پیوست رسانه‌ای پروژه‌ها',
    'ارتباطات بحران',
    'مناسبت‌ها و رویدادها',
    'انتشارات و چاپ',
    'تلویزیون و ویدئو شهری',
    'ارتباط مردمی و پاسخگویی (۱۳۷، ملاقات مردمی)',
    'ساختار و آموزش روابط عمومی',
    'امور بین‌الملل',
]

SORTS = {
    'newest': 'تازه‌ترین',
    'useful': 'مفیدترین',
    'adopted': 'بیشترین به‌کارگیری',
}

PER_PAGE = 20


class PracticeError(ValueError):
    """A refused action; the message is Persian and meant for the user."""


# --- categories and tags ---------------------------------------------------------------------------

def ensure_categories():
    """Create the default categories that are missing (by name); returns how many were added."""
    existing = set(db.session.scalars(db.select(Category.name)))
    added = 0
    for position, name in enumerate(DEFAULT_CATEGORIES, start=1):
        if name not in existing:
            db.session.add(Category(name=name, position=position))
            added += 1
    db.session.flush()
    return added


def ordered_categories():
    return db.session.scalars(db.select(Category).order_by(Category.position, Category.name)).all()


def save_category(category, name, position):
    """Create (category=None) or rename/reorder a category; names are unique."""
    name = ' '.join((name or '').split())
    if not name:
        raise PracticeError('نام دسته را بنویسید.')
    clash = db.session.scalar(db.select(Category.id).where(Category.name == name,
                                                           Category.id != (category.id if category else 0)))
    if clash:
        raise PracticeError(f'دسته‌ای به نام «{name}» وجود دارد.')
    category = category or Category()
    category.name, category.position = name, position or 0
    db.session.add(category)
    db.session.flush()
    return category


def delete_category(category):
    """Only a category no practice uses may go, so no practice loses its place."""
    used = db.session.scalar(db.select(db.func.count(Practice.id)).where(Practice.category_id == category.id))
    if used:
        raise PracticeError(f'دسته «{category.name}» در {used} تجربه به کار رفته و حذف‌شدنی نیست؛ '
                            'می‌توانید نامش را تغییر دهید.')
    audit('deleted', target=category, details={'name': category.name})
    db.session.delete(category)
    db.session.flush()


def category_usage():
    return dict(db.session.execute(db.select(Practice.category_id, db.func.count(Practice.id))
                                   .group_by(Practice.category_id)).all())


def get_tags(names):
    """The Tag rows for these names, creating the new ones (one query for the existing)."""
    clean = []
    for name in names:
        name = ' '.join(name.split())[:100]
        if name and name not in clean:
            clean.append(name)
    if not clean:
        return []
    found = {t.name: t for t in db.session.scalars(db.select(Tag).where(Tag.name.in_(clean)))}
    tags = []
    for name in clean:
        tag = found.get(name)
        if tag is None:
            tag = Tag(name=name)
            db.session.add(tag)
        tags.append(tag)
    return tags


# --- writing and the workflow ----------------------------------------------------------------------

TEXT_FIELDS = ('title', 'summary', 'context', 'actions', 'resources', 'results', 'lessons', 'audience', 'channels',
               'contact_name', 'contact_info')


def _apply(practice, data):
    for field in TEXT_FIELDS:
        setattr(practice, field, (data.get(field) or '').strip())
    practice.category_id = data.get('category_id') or None
    practice.year = data.get('year') or None
    practice.quarter = data.get('quarter') or None
    practice.tags = get_tags(data.get('tags') or [])


def create_practice(data, *, author, city=None, files=()):
    """A new draft of `city` (a director's own city); files are checked before anything is written."""
    city = city if author.is_staff else author.city
    if city is None:
        raise PracticeError('شهر تجربه را انتخاب کنید.')
    practice = Practice(city=city, author=author if author.is_director or author.is_staff else None,
                        status='draft')
    _apply(practice, data)
    if not practice.contact_name:
        practice.contact_name = author.full_name
    db.session.add(practice)
    db.session.flush()
    _store_files(practice, files, author)
    logger.info('Practice %r created by %r', practice, author)
    return practice


def update_practice(practice, data, *, editor, files=(), remove_ids=()):
    _apply(practice, data)
    if editor.is_staff and data.get('city_id'):
        practice.city_id = data['city_id']
    practice.updated_dt = utcnow()
    for attachment in attachments_for('practice', [practice.id])[practice.id]:
        if attachment.id in set(remove_ids):
            delete_attachment(attachment)
    _store_files(practice, files, editor)
    db.session.flush()
    return practice


def _store_files(practice, files, user):
    for f in files:
        if f and f.filename:
            store_attachment('practice', practice.id, f, user=user)


def _author_or_directors(practice):
    if practice.author is not None and practice.author.is_director:
        return [practice.author]
    return city_directors(practice.city_id)


def practice_url(practice):
    return url_for('practices.detail', practice_id=practice.id)


def submit_practice(practice, *, user):
    """Send a draft to the secretariat for review."""
    if practice.status not in ('draft', 'changes_requested'):
        raise PracticeError('این تجربه پیش‌تر ارسال شده است.')
    if not practice.summary or not practice.category_id:
        raise PracticeError('پیش از ارسال، خلاصه و دسته تجربه را بنویسید.')
    practice.status = 'submitted'
    practice.submitted_dt = utcnow()
    notify(staff_users(), 'practice.submitted',
           f'شهر {practice.city.name} تجربه «{practice.title}» را برای بررسی فرستاد.', practice_url(practice))
    db.session.flush()


def publish_practice(practice, *, user):
    """Publish (from review, or directly by the secretariat) and tell the author."""
    if practice.is_published:
        raise PracticeError('این تجربه پیش‌تر منتشر شده است.')
    practice.status = 'published'
    practice.review_note = ''
    practice.published_dt = practice.published_dt or utcnow()
    notify([u for u in _author_or_directors(practice) if u.id != user.id], 'practice.published',
           f'تجربه «{practice.title}» در کتابخانه تجربه‌ها منتشر شد.', practice_url(practice))
    db.session.flush()


def request_changes(practice, note, *, user):
    note = (note or '').strip()
    if not note:
        raise PracticeError('بنویسید چه اصلاحی لازم است.')
    if practice.status != 'submitted':
        raise PracticeError('فقط تجربه‌ای که برای بررسی ارسال شده برگشت داده می‌شود.')
    practice.status = 'changes_requested'
    practice.review_note = note
    notify(_author_or_directors(practice), 'practice.changes_requested',
           f'دبیرخانه برای تجربه «{practice.title}» اصلاحاتی خواسته است.', practice_url(practice))
    db.session.flush()


def unpublish_practice(practice, *, user):
    """Take a practice off the library; it goes back to its city as a draft."""
    practice.status = 'draft'
    practice.is_selected = False
    practice.published_dt = None
    audit('unpublished', actor=user, target=practice, details={'title': practice.title})
    db.session.flush()


def set_selected(practice, selected):
    if selected and not practice.is_published:
        raise PracticeError('فقط تجربه منتشرشده برگزیده می‌شود.')
    practice.is_selected = bool(selected)
    db.session.flush()


def delete_practice(practice):
    audit('deleted', target=practice, details={'title': practice.title, 'city': practice.city_id})
    for attachment in attachments_for('practice', [practice.id])[practice.id]:
        delete_attachment(attachment)
    db.session.delete(practice)
    db.session.flush()


# --- finding practices -----------------------------------------------------------------------------

def _list_options(query):
    return query.options(joinedload(Practice.city), joinedload(Practice.category), joinedload(Practice.author),
                         selectinload(Practice.tags))


def filtered_query(filters, *, statuses=('published',), city_id=None):
    """The list's query: filters are city (slug), category (id), tag (name), year, selected and sort."""
    query = db.select(Practice).where(Practice.status.in_(statuses))
    if city_id:
        query = query.where(Practice.city_id == city_id)
    if filters.get('city'):
        query = query.join(City, City.id == Practice.city_id).where(City.slug == filters['city'])
    if filters.get('category'):
        query = query.where(Practice.category_id == filters['category'])
    if filters.get('tag'):
        tag_ids = db.select(practice_tags.c.practice_id).join(Tag, Tag.id == practice_tags.c.tag_id)
        query = query.where(Practice.id.in_(tag_ids.where(Tag.name == filters['tag'])))
    if filters.get('year'):
        query = query.where(Practice.year == filters['year'])
    if filters.get('selected'):
        query = query.where(Practice.is_selected.is_(True))
    # the published list sorts on the (status, published_dt) index; mixed queues on the last change
    newest = Practice.published_dt if tuple(statuses) == ('published',) else \
        db.func.coalesce(Practice.published_dt, Practice.updated_dt)
    order = {
        'useful': (Practice.useful_count.desc(), newest.desc()),
        'adopted': (Practice.adoption_count.desc(), Practice.useful_count.desc(), newest.desc()),
    }.get(filters.get('sort'), (newest.desc(),))
    return _list_options(query.order_by(*order, Practice.id.desc()))


def list_practices(filters, page=1, *, statuses=('published',), city_id=None, per_page=PER_PAGE):
    return db.paginate(filtered_query(filters, statuses=statuses, city_id=city_id), page=page, per_page=per_page,
                       error_out=False)


def filter_choices():
    """Cities, categories and years that have published practices (three small queries)."""
    published = Practice.status == 'published'
    cities = db.session.scalars(db.select(City).where(City.id.in_(db.select(Practice.city_id).where(published)))
                                .order_by(City.name)).all()
    years = db.session.scalars(db.select(Practice.year).where(published, Practice.year.is_not(None))
                               .distinct().order_by(Practice.year.desc())).all()
    return {'cities': cities, 'categories': ordered_categories(), 'years': years}


def popular_tags(limit=16):
    count = db.func.count(practice_tags.c.practice_id)
    rows = db.session.execute(db.select(Tag.name, count).join(practice_tags, practice_tags.c.tag_id == Tag.id)
                              .join(Practice, Practice.id == practice_tags.c.practice_id)
                              .where(Practice.status == 'published')
                              .group_by(Tag.name).order_by(count.desc(), Tag.name).limit(limit)).all()
    return rows


def similar_to(practice, limit=5):
    """Similar experiences from other cities: the list the worker stored (practices/similar.py), or, until it
    has run, the same category's best. Never a search: that costs too much for every page view."""
    from .similar import stored_similar
    found = stored_similar(practice, limit=limit)
    if found is not None:
        return found
    if not practice.category_id:
        return []
    return db.session.scalars(
        db.select(Practice).where(Practice.status == 'published', Practice.category_id == practice.category_id,
                                  Practice.city_id != practice.city_id)
        .options(joinedload(Practice.city), joinedload(Practice.category))
        .order_by(Practice.is_selected.desc(), Practice.useful_count.desc(), Practice.published_dt.desc())
        .limit(limit)).all()


def latest_published(limit=6, city_id=None):
    query = db.select(Practice).where(Practice.status == 'published')
    if city_id:
        query = query.where(Practice.city_id == city_id)
    return db.session.scalars(_list_options(query.order_by(Practice.published_dt.desc(), Practice.id.desc()))
                              .limit(limit)).all()


def needing_action(user, limit=10, city_id=None):
    """A director's city's drafts and returned practices; the staff's review queue (of one city, if given)."""
    if user.is_staff:
        statuses = ('submitted',)
    elif user.is_director and user.city_id:
        statuses, city_id = ('draft', 'changes_requested'), user.city_id
    else:
        return []
    query = db.select(Practice).where(Practice.status.in_(statuses))
    if city_id:
        query = query.where(Practice.city_id == city_id)
    return db.session.scalars(query.options(joinedload(Practice.city))
                              .order_by(Practice.updated_dt.desc()).limit(limit)).all()


def adopted_by_city(city_id, limit=20):
    return db.session.scalars(db.select(PracticeAdoption).where(PracticeAdoption.city_id == city_id)
                              .join(Practice, Practice.id == PracticeAdoption.practice_id)
                              .where(Practice.status == 'published')
                              .options(joinedload(PracticeAdoption.practice).joinedload(Practice.city))
                              .order_by(PracticeAdoption.created_dt.desc()).limit(limit)).all()


def count_published(city_id=None):
    query = db.select(db.func.count(Practice.id)).where(Practice.status == 'published')
    if city_id:
        query = query.where(Practice.city_id == city_id)
    return db.session.scalar(query)


def feed_practices(city_id=None, limit=50):
    return latest_published(limit=limit, city_id=city_id)
