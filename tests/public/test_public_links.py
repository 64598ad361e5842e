"""Every link and image on /public/ and in its feed opens for a reader who is not signed in.

A public resolution's text is Markdown the secretariat wrote for members: it may link an attachment, a meeting or
a city page, or show an attached image, none of which an anonymous reader may open.
"""
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from commission.attachments.models import Attachment

ATOM = '{http://www.w3.org/2005/Atom}'


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ('href', 'src') and value:
                self.links.append(value)


def html_links(html):
    parser = _Links()
    parser.feed(html)
    return parser.links


@pytest.fixture
def linked(db, make):
    city = make.city(name='کرج', slug='karaj-links')
    meeting = make.approved_meeting(number=71)
    other = make.resolution([city], code='7/2', meeting=meeting)
    image = make._add(Attachment(owner_type='resolution', owner_id=other.id, original_name='نمودار.png',
                                 stored_name='chart-links.png', content_type='image/png', size=10))
    document = make._add(Attachment(owner_type='resolution', owner_id=other.id, original_name='سند.pdf',
                                    stored_name='doc-links.pdf', content_type='application/pdf', size=10))
    text = (f'متن مصوبه با [سند پیوست](/files/{document.id}/سند.pdf) و ![نمودار پیشرفت](/files/{image.id}/x.png)، '
            f'[مصوبه مرتبط](/resolutions/{other.id}) و [نشست](http://127.0.0.1:5000/meetings/{meeting.id}) و '
            f'<http://localhost/cities/{city.slug}> و [نشانی نسبی](files/{document.id}/a.pdf) و '
            '[صفحه شفافیت](http://127.0.0.1:5000/public/#practices) و [سایت مجمع](https://example.org/majma) و '
            '[نامه](mailto:dabirkhaneh@example.org).')
    make.resolution([city], code='7/1', title='مصوبه عمومی با پیوند', meeting=meeting, public=True, text=text)
    db.session.commit()


def _is_ours(url):
    host = urlsplit(url).hostname
    return host is None or host in ('127.0.0.1', 'localhost')


def _assert_open_anonymously(app, links):
    anonymous = app.test_client()  # no cookie of the test's own client
    for link in links:
        if link.startswith(('mailto:', '#')) or not _is_ours(link):
            continue  # another site's page, a mail address or an anchor of the page itself
        parts = urlsplit(link)
        response = anonymous.get(parts.path, query_string=parts.query)
        assert response.status_code == 200, (link, response.status_code, response.headers.get('Location'))


def test_every_link_on_the_page_opens_without_signing_in(app, client, linked):
    html = client.get('/public/').get_data(as_text=True)
    links = html_links(html)
    assert '/public/feed.atom' in links and 'https://example.org/majma' in links
    assert 'mailto:dabirkhaneh@example.org' in links  # the secretariat's own published address stays
    assert not [link for link in links if '/files/' in link or '/resolutions/' in link or '/meetings/' in link
                or '/cities/' in link]
    _assert_open_anonymously(app, links)
    # the words stay, only the link goes
    for words in ('سند پیوست', 'نمودار پیشرفت', 'مصوبه مرتبط', 'نشست', 'نشانی نسبی', 'صفحه شفافیت'):
        assert words in html


def test_every_link_in_the_feed_opens_without_signing_in(app, client, linked):
    root = ET.fromstring(client.get('/public/feed.atom').data)
    links = [link.get('href') for link in root.iter(f'{ATOM}link')]
    for content in root.iter(f'{ATOM}content'):
        links += html_links(content.text or '')
    assert 'https://example.org/majma' in links
    assert not [link for link in links if '/files/' in link or '/resolutions/' in link]
    _assert_open_anonymously(app, links)


def test_members_pages_keep_their_links(make, db):
    from commission.markup import render_markdown
    html = render_markdown('[سند](/files/3/a.pdf) ![نمودار](/files/4/b.png)')
    assert 'href="/files/3/a.pdf"' in html and 'src="/files/4/b.png"' in html
