"""Exports are audited where they leave: after a successful response of an export view."""
from flask import request
from flask_login import current_user

from ..db import write_after_reading
from .services import record

#: export views of other domains (audit.export records itself)
EXPORT_ENDPOINTS = {'resolutions.dashboard_export', 'resolutions.scorecard_export', 'indicators.export'}


def _audit_export(response):
    if request.endpoint in EXPORT_ENDPOINTS and response.status_code == 200 and current_user.is_authenticated:
        with write_after_reading():
            record('export', target=request.path, details={'endpoint': request.endpoint, **(request.view_args or {})})
    return response


def init_app(app):
    app.after_request(_audit_export)
