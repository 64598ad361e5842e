"""N months after a city adopted a practice without writing its result, the city is asked for it, once."""
import datetime as dt

from commission.notifications.models import Notification
from commission.practices.jobs import send_adoption_followups
from commission.practices.models import PracticeAdoption
from commission.tasks.followups import months_before

TODAY = dt.date(2026, 12, 1)


def _adoption(make, practice, city, created, result=''):
    user = make.user(role='director', city=city)
    return make._add(PracticeAdoption(practice=practice, city=city, user=user, note='به کار گرفتیم', result=result,
                                      created_dt=created)), user


def _got(db):
    return {n.user_id: n.text for n in db.session.scalars(
        db.select(Notification).where(Notification.kind == 'practice.adoption_followup'))}


def test_the_adopting_city_is_asked_for_its_result_once(db, make):
    home, adopter, late, done = make.city(name='کرج'), make.city(name='تبریز'), make.city(name='قم'), make.city()
    owner = make.user(role='director', city=home)
    practice = make.practice(city=home, title='پویش آب')
    adoption, director = _adoption(make, practice, adopter, dt.datetime(2026, 8, 30, 10, 0))
    colleague = make.user(role='director', city=adopter)
    _, not_yet = _adoption(make, practice, late, dt.datetime(2026, 9, 15, 10, 0))
    _, finished = _adoption(make, practice, done, dt.datetime(2026, 1, 1), result='مصرف آب ۱۰٪ کم شد')
    assert send_adoption_followups(TODAY, months=3) == 1
    assert send_adoption_followups(TODAY, months=3) == 0
    assert send_adoption_followups(TODAY + dt.timedelta(days=1), months=3) == 0
    got = _got(db)
    assert set(got) == {director.id, colleague.id}  # not the practice's city, not a city that wrote its result
    assert 'پویش آب' in got[director.id] and 'نتیجه' in got[director.id] and '۳ ماه' in got[director.id]
    assert owner.id not in got and not_yet.id not in got and finished.id not in got
    assert adoption.id


def test_months_are_calendar_months():
    assert months_before(dt.date(2026, 5, 31), 3) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 2, 15), 3) == dt.date(2025, 11, 15)
