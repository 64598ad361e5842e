"""What the results page does with what people really type (issue 17): Q&A, codes, snippets, grouping."""
import pytest

from commission.search import services

from .helpers import both_backends


def page(client, **args):
    response = client.get('/search', query_string=args)
    return response, response.get_data(as_text=True)


def refs(client, q):
    return [hit['url'] for hit in services.run_query(q, limit=20)]


@both_backends
def test_questions_and_answers_on_a_practice_are_found_and_point_at_it(db, make, search_index):
    practice = make.practice(title='سامانه نوبت‌دهی خبرنگاران')
    asker = make.user(role='director', city=make.city(name='قم'))
    question = make.comment(practice, asker, body='آیا این سامانه با پیام‌رسان بله هم کار می‌کند؟')
    make.comment(practice, practice.city and make.user(role='director', city=practice.city),
                 body='بله، اعلان‌ها از طریق ربات بله فرستاده می‌شوند.', parent=question, is_answer=True)
    db.session.commit()
    assert [h['url'] for h in services.run_query('ربات بله')] == [f'/practices/{practice.id}']
    assert [h['url'] for h in services.run_query('پیام‌رسان')] == [f'/practices/{practice.id}']


@both_backends
def test_a_code_mixing_letters_and_digits_ranks_its_document_first(db, make, search_index):
    city = make.city(name='کرج')
    for n in range(12):
        make.practice(city=city, title=f'کد QR و ۱۲ نکته برای تابلوهای شهری {n}', summary='QR ها و 12 تابلو')
    target = make.practice(city=city, title='تابلوهای ایستگاه‌ها', summary='هر ایستگاه برچسب QR12 دارد.')
    db.session.commit()
    assert services.run_query('QR12')[0]['url'] == f'/practices/{target.id}'


@both_backends
def test_snippets_show_no_markdown(client, db, make, login, search_index):
    make.practice(title='راهنمای پوستر',
                  summary='**نکته مهم:** پوستر را _ساده_ نگه دارید و [نمونه‌ها](https://x.ir) را ببینید.')
    db.session.commit()
    login(make.user(role='observer'))
    _, html = page(client, q='پوستر ساده')
    assert 'نکته مهم' in html and '**' not in html and '](' not in html


@both_backends
def test_many_reports_of_one_resolution_do_not_bury_other_results(db, make, search_index):
    cities = [make.city(name=f'شهر {n}') for n in range(8)]
    resolution = make.resolution(cities, title='پیوست رسانه‌ای پروژه‌ها', text='تهیه پیوست رسانه‌ای برای پروژه‌های شهری')
    for assignment in resolution.assignments:
        make.report(assignment, note='پیوست رسانه‌ای پروژه‌ها تهیه شد. پیوست رسانه‌ای پروژه‌ها')
    practice = make.practice(title='تجربه پیوست نویسی', summary='پیوست رسانه‌ای یک پروژه عمرانی')
    db.session.commit()
    urls = [h['url'] for h in services.run_query('پیوست رسانه‌ای', limit=10)]
    same = [u for u in urls if u.split('#')[0] == f'/resolutions/{resolution.id}']
    assert f'/practices/{practice.id}' in urls[:4]
    assert len(same) >= 3  # the rest of the group still follows


def test_diversify_keeps_two_of_a_group_first():
    stored = {1: '/r/1#a', 2: '/r/1#b', 3: '/r/1#c', 4: '/p/9', 5: '/r/1#d'}

    class View:
        def stored(self, d):
            return {'url': stored[d]}

    top = [(9 - d, d) for d in (1, 2, 3, 4, 5)]
    assert [d for _, d in services.diversify(View(), top)] == [1, 2, 4, 3, 5]


@both_backends
@pytest.mark.parametrize('q', ['نشست شصت و ششم', 'نشست ۶۶', 'نشست 66'])
def test_a_number_in_words_finds_the_number_in_digits_and_back(db, make, search_index, q):
    city = make.city(name='اصفهان')
    target = make.practice(city=city, title='گزارش نشست ۶۶ کمیسیون', summary='در این نشست درباره پویش‌ها گفتگو شد.')
    words = make.practice(city=city, title='گزارش نشست شصت و ششم', summary='نشست شصت و ششم در اصفهان برگزار شد.')
    make.practice(city=city, title='گزارش نشست ۶۵ کمیسیون', summary='نشست شصت و پنجم')
    db.session.commit()
    urls = [h['url'] for h in services.run_query(q)][:2]
    assert sorted(urls) == sorted([f'/practices/{target.id}', f'/practices/{words.id}'])
