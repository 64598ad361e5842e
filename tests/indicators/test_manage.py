"""The secretariat defines indicators and periods, sets deadlines and locks; everyone else gets 403."""
import pytest

from commission.audit.models import AuditEntry
from commission.indicators.models import Indicator, IndicatorPeriod


def _form(**kw):
    data = {'name': 'نشست‌های خبری', 'unit': 'نشست', 'description': 'با خبرنگاران', 'category': 'رسانه و مطبوعات',
            'frequency': 'quarterly', 'aggregate': 'sum', 'higher_is_better': '1', 'position': '۳', 'active': 'y'}
    data.update(kw)
    return data


def test_secretariat_creates_and_edits_an_indicator(client, login, make, db):
    login(make.user(role='secretariat'))
    assert client.post('/indicators/new', data=_form()).status_code == 302
    indicator = db.session.scalar(db.select(Indicator).where(Indicator.name == 'نشست‌های خبری'))
    assert indicator.position == 3 and indicator.higher_is_better and indicator.active and not indicator.public
    response = client.post(f'/indicators/{indicator.id}/edit',
                           data=_form(higher_is_better='0', aggregate='mean', public='y'))
    assert response.status_code == 302
    assert not indicator.higher_is_better and indicator.aggregate == 'mean' and indicator.public
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(AuditEntry.kind == 'indicator_changed')) == 2


def test_indicator_form_errors_are_persian_and_keep_the_input(client, login, make, db):
    make.indicator(name='تکراری')
    login(make.user(role='secretariat'))
    response = client.post('/indicators/new', data=_form(name='تکراری', unit='واحد نوشته‌شده'))
    assert response.status_code == 422 and 'شاخصی با همین نام هست' in response.text
    assert 'واحد نوشته‌شده' in response.text
    response = client.post('/indicators/new', data=_form(name=''))
    assert response.status_code == 422 and 'نام شاخص را بنویسید' in response.text


def test_periods_deadline_and_lock(client, login, make, db):
    login(make.user(role='secretariat'))
    assert client.post('/indicators/periods', data={'year': '۱۴۰۴', 'quarter': '3',
                                                    'deadline': '۱۴۰۴/۰۹/۱۵'}).status_code == 302
    period = db.session.scalar(db.select(IndicatorPeriod).where(IndicatorPeriod.year == 1404))
    assert period.quarter == 3 and period.deadline.isoformat() == '2025-12-06'
    again = client.post('/indicators/periods', data={'year': '1404', 'quarter': '3'})
    assert again.status_code == 422 and 'پیش‌تر تعریف شده' in again.text
    client.post(f'/indicators/periods/{period.id}/deadline', data={'deadline': '1404/09/20'})
    assert period.deadline.isoformat() == '2025-12-11'
    client.post(f'/indicators/periods/{period.id}/lock', data={'locked': '1'})
    assert period.locked and period.locked_dt is not None
    client.post(f'/indicators/periods/{period.id}/lock', data={'locked': '0'})
    assert not period.locked
    kinds = set(db.session.scalars(db.select(AuditEntry.kind)))
    assert {'indicator_period_changed', 'indicator_period_locked', 'indicator_period_unlocked'} <= kinds


@pytest.mark.parametrize('role', ['director', 'observer'])
def test_others_cannot_manage(client, login, make, db, role):
    indicator = make.indicator()
    period = make.period(1404, 1)
    login(make.user(role=role))
    assert client.post('/indicators/new', data=_form(name='نو')).status_code == 403
    assert client.post(f'/indicators/{indicator.id}/edit', data=_form()).status_code == 403
    assert client.post('/indicators/periods', data={'year': '1404', 'quarter': '2'}).status_code == 403
    assert client.post(f'/indicators/periods/{period.id}/lock', data={'locked': '1'}).status_code == 403
    assert client.post(f'/indicators/periods/{period.id}/deadline', data={'deadline': ''}).status_code == 403
    assert not period.locked
    assert db.session.scalar(db.select(Indicator.id).where(Indicator.name == 'نو')) is None


