"""PDF files built by hand for tests: a plain one with a text layer, and a pathological one."""
import io
import zlib


def pathological_pdf(pages=150, ops=60000):
    """A ~30 KB PDF: one large compressed content stream shared by every page."""
    stream = zlib.compress(b'BT /F1 12 Tf 50 700 Td (aaaa bbbb) Tj ET\n' * ops, 9)
    kids = ' '.join(f'{4 + i} 0 R' for i in range(pages))
    page = (f'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R '
            f'/Resources << /Font << /F1 {4 + pages} 0 R >> >> >>').encode()
    objects = [b'<< /Type /Catalog /Pages 2 0 R >>', f'<< /Type /Pages /Kids [{kids}] /Count {pages} >>'.encode(),
               b'<< /Length %d /Filter /FlateDecode >>\nstream\n' % len(stream) + stream + b'\nendstream',
               *[page] * pages, b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
    return pdf_file(objects)


def simple_pdf(text, pages=1):
    stream = f'BT /F1 12 Tf 50 700 Td ({text}) Tj ET'.encode()
    kids = ' '.join(f'{4 + i} 0 R' for i in range(pages))
    page = (f'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R '
            f'/Resources << /Font << /F1 {4 + pages} 0 R >> >> >>').encode()
    objects = [b'<< /Type /Catalog /Pages 2 0 R >>', f'<< /Type /Pages /Kids [{kids}] /Count {pages} >>'.encode(),
               b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'\nendstream',
               *[page] * pages, b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
    return pdf_file(objects)


def pdf_file(objects):
    out = io.BytesIO()
    out.write(b'%PDF-1.4\n')
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f'{n} 0 obj\n'.encode() + body + b'\nendobj\n')
    xref = out.tell()
    out.write(f'xref\n0 {len(objects) + 1}\n0000000000 65535 f \n'.encode())
    for offset in offsets:
        out.write(f'{offset:010d} 00000 n \n'.encode())
    out.write(f'trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n'.encode())
    return out.getvalue()
