"""A meeting's name, defined once on the model and used by pages, selects, notifications and exports."""
import pytest

from commission.meetings.models import Meeting
from commission.resolutions.exports import meeting_label


@pytest.fixture(autouse=True)
def _mapped(app):
    """The app imports every model, so transient objects can be built without a database."""


@pytest.mark.parametrize('number, name, full', [
    (3, 'نشست سوم', 'نشست سوم کمیسیون'), (21, 'نشست ۲۱ام', 'نشست ۲۱ام کمیسیون'),
    (None, 'صورتجلسه بایگانی', 'صورتجلسه بایگانی'),
])
def test_meeting_names(number, name, full):
    meeting = Meeting(number=number, title='صورتجلسه بایگانی')
    assert (meeting.name, meeting.full_name) == (name, full)


def test_the_filters_and_the_exports_use_the_same_name(client, make, login):
    meeting = make.meeting(number=4, title='نشست چهارم')
    resolution = make.resolution([make.city()])
    resolution.meeting = meeting
    assert meeting_label(resolution) == 'نشست چهارم'
    login(make.user(role='secretariat'))
    html = client.get('/resolutions/').get_data(as_text=True)
    assert f'<option value="{meeting.id}">نشست چهارم</option>' in html
