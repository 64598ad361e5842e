"""Indicators in search: found by name and description, a rename follows."""
from commission.search import services
from tests.search.conftest import search_index  # noqa: F401  (an index of its own, drained on commit)


def test_indicators_are_found_by_name_and_description(db, make, search_index):  # noqa: F811
    indicator = make.indicator(name='میانگین زمان پاسخ به سامانه ۱۳۷',
                               description='ساعت‌های میان ثبت درخواست شهروند و نخستین پاسخ')
    db.session.commit()
    assert f'indicator:{indicator.id}' in [h['key'] for h in services.run_query('سامانه ۱۳۷')]
    assert f'indicator:{indicator.id}' in [h['key'] for h in services.run_query('درخواست شهروند')]

    indicator.name = 'نشست‌های خبری'
    db.session.commit()
    assert f'indicator:{indicator.id}' in [h['key'] for h in services.run_query('نشست خبری')]
