from flask import Blueprint, abort, send_file
from flask_login import current_user, login_required

from ..db import db
from ..forms import strip_bidi_controls
from .models import Attachment
from .services import can_read_attachment, file_path

bp = Blueprint('attachments', __name__)


@bp.get('/files/<int:attachment_id>/<path:name>')
@login_required
def download(attachment_id, name):
    attachment = db.get_or_404(Attachment, attachment_id)
    if not can_read_attachment(current_user, attachment):
        abort(403)
    response = send_file(file_path(attachment), mimetype=attachment.content_type,
                         as_attachment=not attachment.is_image,
                         download_name=strip_bidi_controls(attachment.original_name), conditional=True)
    # a protected file (a draft's too): never kept by a shared cache, revalidated by the browser
    response.cache_control.public = False
    response.cache_control.private = True
    response.cache_control.no_cache = True
    response.headers['X-Content-Type-Options'] = 'nosniff'
    response.headers['Content-Security-Policy'] = "default-src 'none'; sandbox"
    return response


@bp.app_template_global()
def attachment_text_note(attachment):
    """Why the file's text was not extracted, for its uploader (and staff) only; None otherwise."""
    if not attachment.text_refused or not current_user.is_authenticated:
        return None
    return attachment.text_note if current_user.id == attachment.uploaded_by_id or current_user.is_staff else None
