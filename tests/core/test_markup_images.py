"""Markdown shows images only from the platform's own attachments; a remote image becomes a link."""
import pytest

from commission.markup import render_markdown


@pytest.mark.parametrize('src', ['https://tracker.example/p.gif', 'http://10.0.0.1/x.png', '//tracker.example/p.gif',
                                 '/files/1/../../secret.png', 'data:image/png;base64,AAAA', '/static/x.png'])
def test_remote_images_become_links(src):
    html = str(render_markdown(f'![عکس]({src})'))
    assert '<img' not in html


def test_a_remote_image_keeps_its_text_as_a_link():
    html = str(render_markdown('![نمودار](https://tracker.example/p.gif)'))
    assert '<a href="https://tracker.example/p.gif"' in html and 'نمودار' in html


def test_own_attachment_images_are_shown():
    html = str(render_markdown('![پوستر](/files/12/poster.png)'))
    assert '<img src="/files/12/poster.png" alt="پوستر">' in html


def test_raw_html_images_are_never_shown():
    assert '<img' not in str(render_markdown('<img src="https://tracker.example/p.gif">'))
