"""Markdown written by users, rendered and sanitised so no script ever reaches a reader.

Images are shown only from the platform's own attachments (`/files/<id>/<name>`): a remote image would be a
tracking pixel on every reader, so it becomes a link instead.
"""
import re
from urllib.parse import urlsplit

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
    if 'public_hosts' in env and not _public_link(src, env['public_hosts']):
        return str(escape(alt))  # an attachment needs signing in: its name only, no broken image
    if is_local_image(src):
        return f'<img src="{escape(src)}" alt="{escape(alt)}" loading="lazy">'
    return f'<a href="{escape(src)}">{escape(alt)}</a>'


def _public_link(href, site_hosts):
    """Whether an anonymous reader can follow `href`: another site's page, a mail address, this page's anchor, or
    the public pages themselves; never a path of this site that needs signing in (a file, a resolution, a city)."""
    if href.startswith('#'):
        return True
    parts = urlsplit(href)
    if parts.scheme == 'mailto':
        return True
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        return False  # a relative path is this site's
    if parts.hostname.lower() not in site_hosts:
        return True
    return parts.path == '/public' or parts.path.startswith('/public/')


def _link_open(renderer, tokens, idx, options, env):
    if 'public_hosts' in env and not _public_link(tokens[idx].attrGet('href') or '', env['public_hosts']):
        env['link_dropped'] = True  # links never nest: the next link_close is this one's
        return ''
    return renderer.renderToken(tokens, idx, options, env)


def _link_close(renderer, tokens, idx, options, env):
    if env.pop('link_dropped', False):
        return ''
    return renderer.renderToken(tokens, idx, options, env)


_md.add_render_rule('image', _image)
_md.add_render_rule('link_open', _link_open)
_md.add_render_rule('link_close', _link_close)


def _attribute_filter(tag, attribute, value):
    if tag == 'img' and attribute == 'src' and not is_local_image(value):
        return None
    return value


def render_markdown(text, *, public_hosts=None):
    """Markdown to safe HTML: raw HTML is escaped by the parser, and nh3 drops anything executable.

    With `public_hosts` (this site's host names) the text is for readers who are not signed in (/public/ and its
    feed): a link or image they could not open (an attachment, any page of this site but /public/) is shown as
    its text only.
    """
    if not text:
        return Markup('')
    env = {} if public_hosts is None else {'public_hosts': {h.lower() for h in public_hosts}}
    html = _md.render(text, env)
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={'http', 'https', 'mailto'},
                      link_rel='noopener noreferrer nofollow', attribute_filter=_attribute_filter)
    return Markup(clean)
