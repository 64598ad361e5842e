"""Who may do what in the practice library: one `can_*` function per rule; views abort(403), templates hide it."""
from ..db import db
from .models import Practice, PracticeComment


def _own_city(user, practice):
    return user.is_authenticated and user.is_director and user.city_id == practice.city_id


def can_view(user, practice):
    """Published practices are read by everyone signed in; the rest by their city's directors and the staff."""
    if not user.is_authenticated:
        return False
    return practice.is_published or user.is_staff or _own_city(user, practice)


def can_list_own_city(user):
    """A director's page of their own city's practices in every state."""
    return user.is_authenticated and user.is_director and user.city_id is not None


def can_see_city_drafts(user, city):
    """A city's page lists its drafts and returned practices to the staff and to that city's directors."""
    return user.is_authenticated and (user.is_staff or (user.is_director and user.city_id == city.id))


def can_create(user):
    return user.is_authenticated and (user.is_staff or (user.is_director and user.city_id is not None))


def can_edit(user, practice):
    return user.is_authenticated and (user.is_staff or _own_city(user, practice))


def can_submit(user, practice):
    return practice.status in ('draft', 'changes_requested') and can_edit(user, practice)


def can_delete(user, practice):
    return practice.status in ('draft', 'changes_requested') and can_edit(user, practice)


def can_review(user, practice=None):
    """Publish, request changes, unpublish, mark as selected: the secretariat and admin."""
    return user.is_authenticated and user.is_staff


def can_publish(user, practice):
    return can_review(user) and not practice.is_published


def can_request_changes(user, practice):
    return can_review(user) and practice.status == 'submitted'


def can_unpublish(user, practice):
    return can_review(user) and practice.is_published


def can_ask(user, practice):
    """A question or comment: directors of other cities and the staff, on a published practice."""
    if not (user.is_authenticated and practice.is_published):
        return False
    return user.is_staff or (user.is_director and user.city_id != practice.city_id)


def can_reply(user, practice):
    """Any director (the practice's own city answering first of all) and the staff may reply."""
    return user.is_authenticated and practice.is_published and (user.is_staff or user.is_director)


def can_accept_answer(user, reply):
    """The asker accepts the reply that answered their question; nobody accepts an answer of their own city.

    The answering city (the practice's own, or the asker's colleagues) may not crown its own reply: only the one
    who asked can say the question was answered.
    """
    if not (user.is_authenticated and reply.parent_id is not None and reply.practice.is_published):
        return False
    question = db.session.get(PracticeComment, reply.parent_id)
    if question is None or question.author_id != user.id or reply.author_id == user.id:
        return False
    return not (user.city_id is not None and reply.author.city_id == user.city_id)


def can_mark_useful(user, practice):
    return (user.is_authenticated and practice.is_published and user.is_director
            and user.city_id != practice.city_id)


def can_adopt(user, practice):
    """'My city adopted this' is recorded by a director of another city."""
    return can_mark_useful(user, practice)


def can_edit_adoption(user, adoption):
    return user.is_authenticated and (user.is_staff or (user.is_director and user.city_id == adoption.city_id))


def can_manage_categories(user):
    return user.is_authenticated and user.is_staff


def can_read_practice_files(user, practice_id):
    """Attachments follow their practice: a draft's files only for those who may read the draft."""
    practice = db.session.get(Practice, practice_id)
    return practice is not None and can_view(user, practice)
