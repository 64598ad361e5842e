"""Every meeting rule as a table: for each role, the meeting statuses in which it allows the action.

The 403 side of each rule over HTTP is in test_permissions.py.
"""
import pytest

from commission.auth.models import User
from commission.meetings import rules
from commission.meetings.models import Meeting, MinutesComment

ALL = ('scheduled', 'held', 'minutes_draft', 'minutes_approved', 'cancelled')
OPEN = ('scheduled', 'held', 'minutes_draft')

#: rule -> {role: statuses where it is allowed}; admin and secretariat are both "staff"
TABLE = {
    'can_edit_meeting': {'staff': OPEN},
    'can_mark_held': {'staff': ('scheduled',)},
    'can_cancel_meeting': {'staff': ('scheduled',)},
    'can_view_minutes': {'staff': ALL, 'director': ('minutes_draft', 'minutes_approved'),
                         'observer': ('minutes_approved',)},
    'can_edit_minutes': {'staff': ('held', 'minutes_draft')},
    'can_comment_minutes': {'staff': ('minutes_draft',), 'director': ('minutes_draft',)},
    'can_read_comments': {'staff': ALL, 'director': ('minutes_draft', 'minutes_approved')},
    'can_approve_minutes': {'staff': ('minutes_draft',)},
    'can_reopen_minutes': {'staff': ('minutes_approved',)},
    'can_read_meeting_files': {'staff': ALL, 'director': ALL, 'observer': ('minutes_approved',)},
    'can_manage_files': {'staff': ('scheduled', 'held', 'minutes_draft', 'minutes_approved')},
    'can_delete_file': {'staff': OPEN},
    'can_record_resolution': {'staff': ('held', 'minutes_draft', 'minutes_approved')},
    'can_view_history': {'staff': ALL},
    'can_view_meeting': {'staff': ALL, 'director': ALL, 'observer': ALL},
}


@pytest.fixture(autouse=True)
def _mapped(app):
    """The app imports every model, so transient objects can be built without a database."""


def _user(role):
    return User(id=1, role=role, city_id=7 if role == 'director' else None, email=f'{role}@example.org', active=True)


@pytest.mark.parametrize('rule', sorted(TABLE))
@pytest.mark.parametrize('role', ['admin', 'secretariat', 'director', 'observer'])
@pytest.mark.parametrize('status', ALL)
def test_meeting_rules(rule, role, status):
    allowed = status in TABLE[rule].get('staff' if role in ('admin', 'secretariat') else role, ())
    assert getattr(rules, rule)(_user(role), Meeting(status=status)) is allowed


@pytest.mark.parametrize('role, allowed', [('admin', True), ('secretariat', True), ('director', False),
                                           ('observer', False)])
def test_only_staff_create_meetings(role, allowed):
    assert rules.can_create_meeting(_user(role)) is allowed


@pytest.mark.parametrize('city_id, status, allowed', [(7, 'scheduled', True), (8, 'scheduled', False),
                                                      (7, 'held', False)])
def test_a_director_confirms_only_their_own_city_before_the_meeting(city_id, status, allowed):
    assert rules.can_confirm_attendance(_user('director'), Meeting(status=status), city_id) is allowed
    assert not rules.can_confirm_attendance(_user('secretariat'), Meeting(status=status), city_id)


@pytest.mark.parametrize('role, sees', [('director', True), ('secretariat', True), ('observer', False)])
def test_the_correction_comments_show_to_members_not_observers(client, db, make, login, role, sees):
    city = make.city()
    meeting = make.approved_meeting(present=[city])
    db.session.add(MinutesComment(meeting_id=meeting.id, author=make.user(role='director', city=city),
                                  body='بند دوم اصلاح شود'))
    db.session.flush()
    login(make.user(role=role, city=city if role == 'director' else None))
    html = client.get(f'/meetings/{meeting.id}').get_data(as_text=True)
    assert ('بند دوم اصلاح شود' in html) is sees and ('id="comments"' in html) is sees


def test_the_staff_bar_follows_can_edit_meeting(client, make, login):
    login(make.user(role='secretariat'))
    open_meeting, approved = make.meeting(), make.approved_meeting()
    assert 'کارهای دبیرخانه' in client.get(f'/meetings/{open_meeting.id}').get_data(as_text=True)
    assert 'کارهای دبیرخانه' not in client.get(f'/meetings/{approved.id}').get_data(as_text=True)
