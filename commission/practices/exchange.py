"""The peers' exchange on a published practice: questions and replies, 'useful' marks and other cities' adoptions."""
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..db import db
from ..notifications.services import city_directors, notify
from ..timeutil import utcnow
from .models import Practice, PracticeAdoption, PracticeComment, PracticeUseful
from .services import PracticeError, practice_url


def _bump(practice, column, delta):
    """Add `delta` to a counter in SQL (`n = n + 1`, never below 0): concurrent requests lose no increment."""
    db.session.flush()
    value = getattr(Practice, column) + delta
    db.session.execute(db.update(Practice).where(Practice.id == practice.id)
                       .values({column: db.case((value < 0, 0), else_=value)})
                       .execution_options(synchronize_session=False))
    db.session.expire(practice, [column])


def add_comment(practice, body, *, author, parent=None):
    """A question (parent=None) or a reply; the practice's city directors hear about it."""
    body = (body or '').strip()
    if not body:
        raise PracticeError('متن پرسش یا پاسخ را بنویسید.')
    if parent is not None and (parent.practice_id != practice.id or parent.parent_id is not None):
        raise PracticeError('پاسخ باید به یک پرسش همین تجربه باشد.')
    comment = PracticeComment(practice=practice, author=author, parent_id=parent.id if parent else None, body=body)
    db.session.add(comment)
    _bump(practice, 'comment_count', 1)
    who = author.full_name + (f' ({author.city.name})' if author.city else '')
    link = practice_url(practice) + f'#comment-{comment.id}'
    if parent is None:
        text = f'{who} درباره تجربه «{practice.title}» پرسید.'
    else:
        text = f'{who} به پرسشی درباره تجربه «{practice.title}» پاسخ داد.'
    recipients = list(city_directors(practice.city_id))
    if parent is not None:
        recipients.append(parent.author)
    notify([u for u in recipients if u.id != author.id], 'practice.comment', text, link)
    return comment


def mark_answer(reply, *, user):
    """The asker accepts one reply per question as its answer; accepting another moves the mark (rule:
    rules.can_accept_answer). The reply's author is told."""
    if reply.parent_id is None:
        raise PracticeError('فقط یک پاسخ را می‌توان پاسخ پذیرفته‌شده دانست.')
    db.session.execute(db.update(PracticeComment).where(PracticeComment.parent_id == reply.parent_id,
                                                        PracticeComment.id != reply.id).values(is_answer=False))
    reply.is_answer = True
    if reply.author_id != user.id:
        notify([reply.author], 'practice.answer',
               f'{user.full_name} پاسخ شما درباره تجربه «{reply.practice.title}» را پاسخ پرسشش دانست '
               '(پاسخ پذیرفته‌شده شد).',
               practice_url(reply.practice) + f'#comment-{reply.id}')
    db.session.flush()


def unmark_answer(reply):
    reply.is_answer = False
    db.session.flush()


def comment_threads(practice):
    """Questions oldest first, each with its replies: the accepted answer first, then by date."""
    comments = db.session.scalars(db.select(PracticeComment).where(PracticeComment.practice_id == practice.id)
                                  .options(joinedload(PracticeComment.author).joinedload(User.city))
                                  .order_by(PracticeComment.created_dt, PracticeComment.id)).all()
    replies = {}
    for c in comments:
        if c.parent_id:
            replies.setdefault(c.parent_id, []).append(c)
    threads = []
    for c in comments:
        if c.parent_id is None:
            answers = sorted(replies.get(c.id, []), key=lambda r: (not r.is_answer, r.created_dt, r.id))
            threads.append((c, answers))
    return threads


def has_marked_useful(user, practice):
    return bool(user.is_authenticated and db.session.scalar(
        db.select(PracticeUseful.id).where(PracticeUseful.practice_id == practice.id,
                                           PracticeUseful.user_id == user.id)))


def toggle_useful(practice, *, user):
    """Mark useful once; a second press takes the mark back. Returns whether it is now marked."""
    mark = db.session.scalar(db.select(PracticeUseful).where(PracticeUseful.practice_id == practice.id,
                                                             PracticeUseful.user_id == user.id))
    if mark:
        db.session.delete(mark)
        _bump(practice, 'useful_count', -1)
    else:
        db.session.add(PracticeUseful(practice_id=practice.id, user_id=user.id))
        _bump(practice, 'useful_count', 1)
    return mark is None


def city_adoption(practice, city_id):
    if not city_id:
        return None
    return db.session.scalar(db.select(PracticeAdoption).where(PracticeAdoption.practice_id == practice.id,
                                                               PracticeAdoption.city_id == city_id))


def record_adoption(practice, note, result='', *, user):
    """'My city adopted this' (once per city); later calls update the note and the result."""
    note, result = (note or '').strip(), (result or '').strip()
    if not note:
        raise PracticeError('در یکی دو جمله بنویسید شهرتان چه کرد.')
    adoption = city_adoption(practice, user.city_id)
    if adoption is None:
        adoption = PracticeAdoption(practice=practice, city_id=user.city_id, user=user)
        db.session.add(adoption)
        _bump(practice, 'adoption_count', 1)
        notify(city_directors(practice.city_id), 'practice.adopted',
               f'شهر {user.city.name} تجربه «{practice.title}» را به کار گرفت.', practice_url(practice) + '#adoptions')
    adoption.note, adoption.result = note, result
    adoption.updated_dt = utcnow()
    db.session.flush()
    return adoption


def remove_adoption(adoption):
    practice = adoption.practice
    _bump(practice, 'adoption_count', -1)
    db.session.delete(adoption)
    db.session.flush()


def adoptions_of(practice):
    return db.session.scalars(db.select(PracticeAdoption).where(PracticeAdoption.practice_id == practice.id)
                              .options(joinedload(PracticeAdoption.city), joinedload(PracticeAdoption.user))
                              .order_by(PracticeAdoption.created_dt)).all()
