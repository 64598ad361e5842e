"""The report as a Word document: A4, right-to-left paragraphs (w:bidi) and tables (w:bidiVisual), Vazirmatn."""
import copy
import io

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..jalali import format_jalali

#: the site's font; Tahoma (on every Windows) where Vazirmatn is not installed
FONT = 'Vazirmatn'
FALLBACK_FONT = 'Tahoma'


#: the order of the children of each properties element (ECMA-376): Word refuses a file whose order is wrong
ORDER = {
    'w:rPr': ('w:rStyle', 'w:rFonts', 'w:b', 'w:bCs', 'w:i', 'w:iCs', 'w:caps', 'w:smallCaps', 'w:strike',
              'w:dstrike', 'w:outline', 'w:shadow', 'w:emboss', 'w:imprint', 'w:noProof', 'w:snapToGrid',
              'w:vanish', 'w:webHidden', 'w:color', 'w:spacing', 'w:w', 'w:kern', 'w:position', 'w:sz', 'w:szCs',
              'w:highlight', 'w:u', 'w:effect', 'w:bdr', 'w:shd', 'w:fitText', 'w:vertAlign', 'w:rtl', 'w:cs',
              'w:em', 'w:lang', 'w:eastAsianLayout', 'w:specVanish', 'w:oMath'),
    'w:pPr': ('w:pStyle', 'w:keepNext', 'w:keepLines', 'w:pageBreakBefore', 'w:framePr', 'w:widowControl',
              'w:numPr', 'w:suppressLineNumbers', 'w:pBdr', 'w:shd', 'w:tabs', 'w:suppressAutoHyphens', 'w:kinsoku',
              'w:wordWrap', 'w:overflowPunct', 'w:topLinePunct', 'w:autoSpaceDE', 'w:autoSpaceDN', 'w:bidi',
              'w:adjustRightInd', 'w:snapToGrid', 'w:spacing', 'w:ind', 'w:contextualSpacing', 'w:mirrorIndents',
              'w:suppressOverlap', 'w:jc', 'w:textDirection', 'w:textAlignment', 'w:textboxTightWrap',
              'w:outlineLvl', 'w:divId', 'w:cnfStyle', 'w:rPr', 'w:sectPr', 'w:pPrChange'),
    'w:tblPr': ('w:tblStyle', 'w:tblpPr', 'w:tblOverlap', 'w:bidiVisual', 'w:tblStyleRowBandSize',
                'w:tblStyleColBandSize', 'w:tblW', 'w:jc', 'w:tblCellSpacing', 'w:tblInd', 'w:tblBorders', 'w:shd',
                'w:tblLayout', 'w:tblCellMar', 'w:tblLook', 'w:tblCaption', 'w:tblDescription', 'w:tblPrChange'),
    'w:sectPr': ('w:headerReference', 'w:footerReference', 'w:footnotePr', 'w:endnotePr', 'w:type', 'w:pgSz',
                 'w:pgMar', 'w:paperSrc', 'w:pgBorders', 'w:lnNumType', 'w:pgNumType', 'w:cols', 'w:formProt',
                 'w:vAlign', 'w:noEndnote', 'w:titlePg', 'w:textDirection', 'w:bidi', 'w:rtlGutter', 'w:docGrid',
                 'w:printerSettings', 'w:sectPrChange'),
    'w:trPr': ('w:cnfStyle', 'w:divId', 'w:gridBefore', 'w:gridAfter', 'w:wBefore', 'w:wAfter', 'w:cantSplit',
               'w:trHeight', 'w:tblHeader', 'w:tblCellSpacing', 'w:jc', 'w:hidden', 'w:ins', 'w:del', 'w:trPrChange'),
    'w:tcPr': ('w:cnfStyle', 'w:tcW', 'w:gridSpan', 'w:hMerge', 'w:vMerge', 'w:tcBorders', 'w:shd', 'w:noWrap',
               'w:tcMar', 'w:textDirection', 'w:tcFitText', 'w:vAlign', 'w:hideMark', 'w:headers', 'w:cellIns',
               'w:cellDel', 'w:cellMerge', 'w:tcPrChange'),
}
_PREFIX = qn('w:x')[:-1]


def _short(tag):
    return 'w:' + tag[len(_PREFIX):] if tag.startswith(_PREFIX) else tag


def _set(parent, tag, **attrs):
    """The child `tag` of `parent` (made if missing, at its place in the schema's order), its w: attributes set."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = ORDER.get(_short(parent.tag))
        later = order[order.index(tag) + 1:] if order and tag in order else ()
        following = next((c for c in parent if _short(c.tag) in later), None)
        if following is not None:
            following.addprevious(child)
        else:
            parent.append(child)
    for name, value in attrs.items():
        child.set(qn(f'w:{name}'), value)
    return child


def _rtl_run_properties(rpr, size=None):
    _set(rpr, 'w:rFonts', ascii=FALLBACK_FONT, hAnsi=FALLBACK_FONT, cs=FONT, eastAsia=FALLBACK_FONT)
    _set(rpr, 'w:rtl')
    _set(rpr, 'w:lang', val='fa-IR', bidi='fa-IR')
    if size:
        _set(rpr, 'w:szCs', val=str(size * 2))


def _bidi(paragraph):
    _set(paragraph._p.get_or_add_pPr(), 'w:bidi')
    return paragraph


_RUN_PROPERTIES = {}


def _run_properties(bold, size, color):
    """One run's properties (right-to-left, Vazirmatn, Persian), built once per look and copied into each run:
    python-docx's property setters cost about 2 ms a run, a commission report has a thousand cells."""
    key = (bold, size, color)
    if key not in _RUN_PROPERTIES:
        rpr = OxmlElement('w:rPr')
        _set(rpr, 'w:rFonts', ascii=FALLBACK_FONT, hAnsi=FALLBACK_FONT, cs=FONT, eastAsia=FALLBACK_FONT)
        if bold:
            _set(rpr, 'w:b')
            _set(rpr, 'w:bCs')
        if color:
            _set(rpr, 'w:color', val=color)
        if size:
            _set(rpr, 'w:sz', val=str(size * 2))
            _set(rpr, 'w:szCs', val=str(size * 2))
        _set(rpr, 'w:rtl')
        _set(rpr, 'w:lang', val='fa-IR', bidi='fa-IR')
        _RUN_PROPERTIES[key] = rpr
    return copy.deepcopy(_RUN_PROPERTIES[key])


def _text(paragraph, text, *, bold=False, size=None, color=None):
    run = paragraph.add_run(text)
    run._r.insert(0, _run_properties(bold, size, color))
    return run


def _styles(document):
    for name in ('Normal', 'Heading 1', 'Heading 2', 'Title', 'Table Grid'):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        _rtl_run_properties(style.element.get_or_add_rPr())
        if name != 'Table Grid':
            _set(style.element.get_or_add_pPr(), 'w:bidi')
    document.styles['Normal'].font.size = Pt(11)


def _page(document):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(18)
    _set(section._sectPr, 'w:bidi')


def heading(document, text, level=1):
    paragraph = _bidi(document.add_paragraph(style=f'Heading {level}'))
    _text(paragraph, text, bold=True, size=15 if level == 1 else 13, color='0B3D5C')
    return paragraph


def paragraph(document, text, *, size=None, center=False, bold=False):
    p = _bidi(document.add_paragraph())
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _text(p, text, size=size, bold=bold)
    return p


def table(document, headers, rows):
    t = document.add_table(rows=1, cols=len(headers))
    t.style = document.styles['Table Grid']
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set(t._tbl.tblPr, 'w:bidiVisual')
    for cell, text in zip(t.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True)
        _set(cell._tc.get_or_add_tcPr(), 'w:shd', val='clear', color='auto', fill='E8F0F5')
    header_row = t.rows[0]._tr.get_or_add_trPr()
    _set(header_row, 'w:tblHeader')  # the header repeats on each page
    for values in rows:
        for cell, text in zip(t.add_row().cells, values, strict=True):
            _cell(cell, text)
    return t


def _cell(cell, text, bold=False):
    p = _bidi(cell.paragraphs[0])
    _text(p, str(text), bold=bold, size=10)


def build(title, subtitle, sections, *, generated):
    """DOCX bytes: a title, a subtitle, then each Section's heading, paragraphs and table (or its empty note)."""
    document = docx.Document()
    _styles(document)
    _page(document)
    document.core_properties.title = title
    document.core_properties.language = 'fa-IR'
    paragraph(document, 'مجمع شهرداران کلانشهرهای ایران · کمیسیون ارتباطات', size=10, center=True)
    p = _bidi(document.add_paragraph(style='Title'))
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _text(p, title, bold=True, size=18, color='0B3D5C')
    paragraph(document, subtitle, size=10, center=True)
    paragraph(document, f'تاریخ تهیه: {format_jalali(generated)}', size=9, center=True)
    for section in sections:
        heading(document, section.title)
        for text in section.paragraphs:
            paragraph(document, text)
        if section.rows:
            table(document, section.headers, section.rows)
        elif not section.paragraphs and section.empty:
            paragraph(document, section.empty)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def filename(period, slug=None):
    """report-karaj-1404-2.docx: Latin, so every browser and mail client keeps it."""
    return f'report-{slug or "commission"}-{period.year}-{period.span}.docx'

