"""Markdown written by users, rendered and sanitised so no script ever reaches a reader."""
import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt('commonmark', {'html': False, 'linkify': False, 'breaks': True}).enable('table')

_TAGS = {'p', 'br', 'hr', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre',
         'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img'}
_ATTRIBUTES = {'a': {'href', 'title'}, 'img': {'src', 'alt', 'title'}, 'th': {'align'}, 'td': {'align'},
               '*': {'dir'}}


def render_markdown(text):
    """Markdown to safe HTML: raw HTML is escaped by the parser, and nh3 drops anything executable."""
    if not text:
        return Markup('')
    html = _md.render(text)
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={'http', 'https', 'mailto'},
                      link_rel='noopener noreferrer nofollow')
    return Markup(clean)
