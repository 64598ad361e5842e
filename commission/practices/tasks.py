"""The practices' part of «کارهای من»: questions a city has to answer, drafts sent back, submissions to review."""
from sqlalchemy.orm import aliased, joinedload

from ..auth.models import User
from ..db import db
from ..tasks.registry import Task, provider
from .models import Practice, PracticeComment
from .rules import can_edit, can_list_own_city, can_publish, can_review

#: made once: a fresh alias per call costs the ORM its column adapters again on every page
_REPLY, _REPLIER, _ASKER = aliased(PracticeComment), aliased(User), aliased(User)


def _open_questions(user):
    """Questions on my city's published practices that nobody of my city has replied to, asked by someone outside
    my city (a colleague's own note on the city's practice is not a question to the city)."""
    reply, replier = _REPLY, _REPLIER
    answered = (db.select(reply.id).join(replier, replier.id == reply.author_id)
                .where(reply.parent_id == PracticeComment.id, replier.city_id == user.city_id).exists())
    return (db.select(PracticeComment).join(Practice, Practice.id == PracticeComment.practice_id)
            .join(_ASKER, _ASKER.id == PracticeComment.author_id)
            .where(Practice.city_id == user.city_id, Practice.status == 'published',
                   PracticeComment.parent_id.is_(None), ~answered,
                   db.or_(_ASKER.city_id.is_(None), _ASKER.city_id != user.city_id)))


def _returned(user):
    """My city's practices the secretariat sent back, that I may edit."""
    returned = db.session.scalars(db.select(Practice).where(Practice.city_id == user.city_id,
                                                            Practice.status == 'changes_requested')
                                  .order_by(Practice.updated_dt)).all()
    return [practice for practice in returned if can_edit(user, practice)]


def _city_practice_count(user, today):
    """len(city_practice_tasks(user, today)): the questions counted, not loaded (the navigation's count)."""
    questions = db.session.scalar(_open_questions(user).with_only_columns(db.func.count(PracticeComment.id)))
    return questions + len(_returned(user))


@provider('practices.city', title='تجربه‌ها: پرسش‌ها و اصلاح‌ها', icon='lightbulb', order=30,
          applies=can_list_own_city, count=_city_practice_count)
def city_practice_tasks(user, today):
    """Questions on my city's published practices that nobody of my city has replied to; practices sent back."""
    questions = db.session.scalars(
        _open_questions(user)
        .options(joinedload(PracticeComment.practice), joinedload(PracticeComment.author).joinedload(User.city))
        .order_by(PracticeComment.created_dt)).all()
    tasks = []
    for question in questions:
        who = question.author.full_name + (f' ({question.author.city.name})' if question.author.city else '')
        tasks.append(Task(what=f'پاسخ به پرسش درباره «{question.practice.title}»',
                          why=f'{who} پرسیده است و هنوز کسی از شهر شما پاسخ نداده.',
                          url=f'/practices/{question.practice_id}#comment-{question.id}'))
    for practice in _returned(user):
        note = (practice.review_note or '').strip()
        tasks.append(Task(what=f'اصلاح تجربه «{practice.title}»',
                          why='دبیرخانه آن را برای اصلاح برگردانده است' + (f': {note}' if note else '.'),
                          url=f'/practices/{practice.id}/edit'))
    return tasks


@provider('practices.review', title='تجربه‌ها برای بررسی', icon='lightbulb', order=30, applies=can_review)
def practices_to_review(user, today):
    submitted = db.session.scalars(db.select(Practice).where(Practice.status == 'submitted')
                                   .options(joinedload(Practice.city)).order_by(Practice.submitted_dt)).all()
    return [Task(what=f'{p.city.name}: «{p.title}»', why='برای انتشار فرستاده شده است؛ بخوانید و منتشر کنید یا '
                 'برای اصلاح برگردانید.', url=f'/practices/{p.id}',
                 due=None) for p in submitted if can_publish(user, p)]
