from flask import render_template
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: ('درخواست نامعتبر', 'درخواست شما قابل پردازش نبود. صفحه را دوباره باز کنید و از نو تلاش کنید.'),
    403: ('دسترسی مجاز نیست', 'شما اجازه دیدن یا انجام این کار را ندارید. اگر فکر می‌کنید باید داشته باشید، با دبیرخانه کمیسیون تماس بگیرید.'),
    404: ('صفحه پیدا نشد', 'نشانی‌ای که باز کردید وجود ندارد یا جابه‌جا شده است.'),
    413: ('فایل بیش از حد بزرگ است', 'حجم فایل ارسالی از حد مجاز بیشتر است.'),
    500: ('خطای سامانه', 'مشکلی در سامانه پیش آمد. خطا ثبت شد؛ لطفاً چند دقیقه بعد دوباره تلاش کنید.'),
}


def _render(code, message=None):
    title, text = MESSAGES[code]
    return render_template('errors/error.html', code=code, title=title, text=message or text), code


def init_app(app):
    for code in MESSAGES:
        app.register_error_handler(code, lambda exc, code=code: _render(code))

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _render(400, 'مهلت این فرم تمام شده یا فرم نامعتبر است. صفحه را دوباره باز کنید و دوباره بفرستید.')
