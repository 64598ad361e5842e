import pytest
from werkzeug.datastructures import MultiDict

from commission import query_args


@pytest.mark.parametrize('raw, expected', [('12', 12), ('۱۲', 12), (' 7 ', 7), ('-3', None), ('x', None), ('', None)])
def test_number_reads_persian_or_latin_digits_and_drops_the_rest(raw, expected):
    assert query_args.number(MultiDict({'n': raw}), 'n') == expected


def test_choice_falls_back_to_the_default_on_an_unknown_value():
    args = MultiDict({'sort': 'hacked', 'state': 'closed'})
    assert query_args.choice(args, 'sort', {'newest': 1, 'useful': 2}, 'newest') == 'newest'
    assert query_args.choice(args, 'state', ('active', 'closed')) == 'closed'


@pytest.mark.parametrize('raw, ticked', [('1', True), ('on', True), ('y', True), ('', False), ('0', False)])
def test_flag(raw, ticked):
    assert query_args.flag(MultiDict({'f': raw}), 'f') is ticked


@pytest.mark.parametrize('raw, page', [('3', 3), ('۲', 2), ('0', 1), ('-1', 1), ('x', 1)])
def test_page_number(raw, page):
    assert query_args.page_number(MultiDict({'page': raw})) == page


def test_the_filter_macro_marks_the_chosen_values_on_the_practices_list(client, make, login):
    city = make.city(name='کرمان', slug='kerman-f')
    make.practice(city=city, year=1403)
    login(make.user(role='observer'))
    page = client.get('/practices/', query_string={'city': 'kerman-f', 'year': '۱۴۰۳', 'sort': 'useful'})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<option value="kerman-f" selected>کرمان</option>' in html
    assert '<option value="1403" selected>۱۴۰۳</option>' in html
    assert '<option value="useful" selected>' in html


def test_the_filter_macro_marks_the_chosen_values_on_the_dashboard(client, make, login):
    make.resolution([make.city()], category='آموزش')
    login(make.user(role='secretariat'))
    html = client.get('/resolutions/dashboard', query_string={'category': 'آموزش', 'state': 'all',
                                                               'status': 'blocked'}).get_data(as_text=True)
    assert '<option value="آموزش" selected>آموزش</option>' in html
    assert '<option value="all" selected>همه</option>' in html
    assert '<option value="blocked" selected>' in html
