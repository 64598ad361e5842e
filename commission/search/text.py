"""Text as it is indexed and shown in snippets: Markdown syntax taken out (a snippet never shows `**`)."""
import re

_RULES = (
    (re.compile(r'!\[([^\]]*)\]\([^)]*\)'), r'\1'),  # images: their alt text
    (re.compile(r'\[([^\]]+)\]\([^)]*\)'), r'\1'),  # links: their text
    (re.compile(r'(\*\*|__)(?=\S)(.+?)(?<=\S)\1', re.S), r'\2'),  # bold
    (re.compile(r'(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])'), r'\2'),  # italics
    (re.compile(r'`{1,3}([^`]*)`{1,3}'), r'\1'),  # code
    (re.compile(r'^[ \t]{0,3}#{1,6}[ \t]+', re.M), ''),  # headings
    (re.compile(r'^[ \t]*>[ \t]?', re.M), ''),  # quotes
    (re.compile(r'^[ \t]*(?:[-*+]|\d+[.)])[ \t]+', re.M), ''),  # list markers
    (re.compile(r'^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$', re.M), ''),  # rules
    (re.compile(r'^\|?[ \t:|-]+\|[ \t:|-]*$', re.M), ''),  # table separators
    (re.compile(r'(\*\*|__)'), ''),  # unpaired bold markers
)


def plain(text):
    """`text` without Markdown syntax (the words and line breaks kept)."""
    if not text or not any(c in text for c in '*_#[`>-|+0123456789'):
        return text or ''
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text
