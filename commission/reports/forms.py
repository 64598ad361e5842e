from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from ..forms import FlaskForm


class IntroductionForm(FlaskForm):
    introduction = TextAreaField(
        'مقدمه گزارش', validators=[Optional(), Length(max=20000, message='مقدمه حداکثر ۲۰٬۰۰۰ نویسه است.')],
        description='آنچه شهر در این دوره دنبال کرد و آنچه خواننده باید بداند. می‌توانید از Markdown استفاده کنید.')


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (publish, withdraw)."""
