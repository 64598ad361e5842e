from wtforms import SelectField

from ..forms import FlaskForm, JalaliDateField
from .models import KINDS


class AuditFilterForm(FlaskForm):
    """The filters of /admin/audit, read from the query string."""

    class Meta:
        csrf = False

    actor = SelectField('شخص', coerce=lambda v: int(v) if str(v).isdigit() and len(str(v)) < 19 else None,
                        choices=[], validate_choice=False)
    kind = SelectField('نوع رویداد', choices=[('', 'همه')] + list(KINDS.items()), validate_choice=False)
    start = JalaliDateField('از تاریخ')
    end = JalaliDateField('تا تاریخ')
