"""Markdown written by users, rendered and sanitised so no script ever reaches a reader.

Images are shown only from the platform's own attachments (`/files/<id>/<name>`): a remote image would be a
tracking pixel on every reader, so it becomes a link instead.
"""
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_md = MarkdownIt('commonmark', {'html': False, 'linkify': False, 'breaks': True}).enable('table')

_TAGS = {'p', 'br', 'hr', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre',
         'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img'}
_ATTRIBUTES = {'a': {'href', 'title'}, 'img': {'src', 'alt', 'title'}, 'th': {'align'}, 'td': {'align'},
               '*': {'dir'}}
#: the attachments route (commission/attachments/views.py), a path on this site only
_LOCAL_IMAGE = re.compile(r'^/files/\d+/[^\s?#]*$')


def is_local_image(src):
    return bool(_LOCAL_IMAGE.match(src or '')) and '..' not in src and '\\' not in src


def _image(_renderer, tokens, idx, options, env):
    token = tokens[idx]
    src = token.attrGet('src') or ''
    alt = ''.join(child.content for child in token.children or []) or src
    if is_local_image(src):
        return f'<img src="{escape(src)}" alt="{escape(alt)}" loading="lazy">'
    return f'<a href="{escape(src)}">{escape(alt)}</a>'


_md.add_render_rule('image', _image)


def _attribute_filter(tag, attribute, value):
    if tag == 'img' and attribute == 'src' and not is_local_image(value):
        return None
    return value


def render_markdown(text):
    """Markdown to safe HTML: raw HTML is escaped by the parser, and nh3 drops anything executable."""
    if not text:
        return Markup('')
    html = _md.render(text)
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={'http', 'https', 'mailto'},
                      link_rel='noopener noreferrer nofollow', attribute_filter=_attribute_filter)
    return Markup(clean)
