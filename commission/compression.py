"""Gzip for generated pages: the resolution matrix repeats each status's meaning in thousands of cells,
about 1 MB of HTML that compresses to a few dozen KB on a municipal office's network.

Files (uploads, static assets) are streamed untouched; a reverse proxy may compress those.
"""
import gzip

from flask import request

_TYPES = {'text/html', 'text/csv', 'application/json', 'application/atom+xml', 'text/calendar'}
_MIN_BYTES = 2048


def init_app(app):
    @app.after_request
    def compress(response):
        if (response.direct_passthrough or response.is_streamed or response.status_code < 200
                or response.status_code >= 300 or response.mimetype not in _TYPES
                or 'Content-Encoding' in response.headers
                or 'gzip' not in request.headers.get('Accept-Encoding', '').lower()):
            return response
        data = response.get_data()
        if len(data) < _MIN_BYTES:
            return response
        response.set_data(gzip.compress(data, compresslevel=5))
        response.headers['Content-Encoding'] = 'gzip'
        response.vary.add('Accept-Encoding')
        return response
