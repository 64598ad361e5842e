"""No Latin digit in the Persian text a person reads, on the main pages of every role and in flashes.

What the check reads: every text node of the page's body, option labels included. What it leaves out, because
Latin digits there are not the interface speaking Persian:
- tags and attributes (URLs, ids, input values: what a user typed stays as typed);
- <script>, <style>, <textarea> (the user's own text), <code>, <kbd>, <pre> and anything inside an element with
  dir="ltr" (codes, e-mail addresses, file names);
- within a text node, URLs, e-mail addresses and words written with Latin letters (UTF-8, Excel2019).
Test data is written in Persian (factories' default names carry Latin sequence numbers, i.e. user content).
"""
import re
from html.parser import HTMLParser

import pytest

SKIPPED_TAGS = {'script', 'style', 'textarea', 'code', 'kbd', 'pre', 'samp'}
VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'}
LATIN_WORD = re.compile(r'\S*(?:[A-Za-z@]|://)\S*')


class _Text(HTMLParser):
    """Text nodes of <body> outside the excepted elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts, self.in_body = [], [], False

    def handle_starttag(self, tag, attrs):
        if tag == 'body':
            self.in_body = True
        if tag in VOID:
            return
        skip = tag in SKIPPED_TAGS or dict(attrs).get('dir') == 'ltr' or bool(self.stack and self.stack[-1][1])
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.in_body and not (self.stack and self.stack[-1][1]) and data.strip():
            self.texts.append(' '.join(data.split()))


def latin_digits(html):
    """The text nodes that still show a Latin digit once the exceptions are taken out."""
    parser = _Text()
    parser.feed(html)
    return [text for text in parser.texts if re.search(r'[0-9]', LATIN_WORD.sub('', text))]


def test_the_checker_sees_leaks_and_leaves_the_exceptions():
    html = ('<body><p>نشست 4 · تهران</p><code>4/1</code><span dir="ltr">4/1</span><a href="/m/4">۴</a>'
            '<p>a1@example.org و https://x.org/4 و UTF-8</p><textarea>گزارش 12</textarea><select><option>به 4 شهر'
            '</option></select><input value="12"></body>')
    assert latin_digits(html) == ['نشست 4 · تهران', 'به 4 شهر']


@pytest.fixture
def world(db, make):
    tehran = make.city(name='تهران آزمون', slug='tehran-t')
    cities = [tehran] + [make.city(name=name, slug=slug) for name, slug in
                         (('کرج آزمون', 'karaj-t'), ('مشهد آزمون', 'mashhad-t'), ('تبریز آزمون', 'tabriz-t'))]
    users = {
        'admin': make.user(role='admin', full_name='مدیر سامانه'),
        'secretariat': make.user(role='secretariat', full_name='دبیر کمیسیون'),
        'director': make.user(role='director', city=tehran, full_name='مدیر ارتباطات تهران'),
        'observer': make.user(role='observer', full_name='ناظر شهرداری'),
    }
    category = make.category(name='رسانه‌های اجتماعی')
    practice = make.practice(city=tehran, author=users['director'], category=category, title='پویش پاکیزگی شهر',
                             summary='گزارش پویش ۱۴۰۲', tags=['پویش'])
    meeting = make.approved_meeting(number=4, title='نشست پاییزه', present=cities[:2], absent=cities[2:],
                                    minutes_number='۱۴۰۵/۱۲')
    held = make.meeting('held', number=5, title='نشست زمستانه', days_ahead=-2, cities=cities)
    resolution = make.resolution(cities, code='4/1', title='پیوست رسانه‌ای پروژه‌ها', meeting=meeting,
                                 author=users['secretariat'])
    make.report(resolution.assignments[0], author=users['director'], note='نیمی از کار انجام شد', percent=50)
    return {'users': users, 'practice': practice, 'meeting': meeting, 'held': held, 'resolution': resolution,
            'city': tehran}


def _pages(w):
    practice, meeting, resolution = w['practice'].id, w['meeting'].id, w['resolution'].id
    return ['/', '/practices/', f'/practices/{practice}', '/meetings/', f'/meetings/{meeting}',
            f'/meetings/{w["held"].id}', '/resolutions/', f'/resolutions/{resolution}', '/resolutions/dashboard',
            f'/resolutions/scorecard/{w["city"].slug}', '/resolutions/mine', '/practices/new', '/resolutions/new',
            f'/resolutions/{resolution}/edit', f'/meetings/{w["held"].id}/edit', f'/meetings/{w["held"].id}/minutes',
            '/users/', '/cities/', f'/cities/{w["city"].slug}', '/notifications/', '/tasks/']


@pytest.mark.parametrize('role', ['admin', 'secretariat', 'director', 'observer'])
def test_main_pages_show_persian_digits(client, login, world, role):
    login(world['users'][role])
    leaks, seen = {}, 0
    for url in _pages(world):
        response = client.get(url)
        if response.status_code in (403, 404):
            continue
        assert response.status_code == 200, url
        seen += 1
        if found := latin_digits(response.get_data(as_text=True)):
            leaks[url] = found
    assert seen >= 10
    assert not leaks, leaks


def test_the_flash_after_recording_a_resolution_counts_in_persian(client, login, world):
    login(world['users']['secretariat'])
    response = client.post('/resolutions/new', data={
        'code': '۷/۳', 'title': 'سخنگوی واحد بحران', 'text': 'هر شهر سخنگو تعیین کند.', 'meeting_id': '0',
        'scope': 'all', 'lead_city_id': '0'}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert 'شهر واگذار شد' in html
    assert re.search(r'به [۰-۹]+ شهر واگذار شد', html)
    assert not latin_digits(html)


def test_the_resolution_form_lists_meetings_and_the_code_in_persian(client, login, world):
    login(world['users']['secretariat'])
    html = client.get(f'/resolutions/{world["resolution"].id}/edit').get_data(as_text=True)
    assert 'value="۴/۱"' in html
    assert 'نشست چهارم · نشست پاییزه' in html
