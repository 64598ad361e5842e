"""The audit log: who did what, when and from where. Rows are only ever added."""
import datetime as dt

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import db
from ..timeutil import utcnow

#: every kind of entry, with its Persian label (the filter on /admin/audit lists them)
KINDS = {
    'login': 'ورود موفق',
    'login_failed': 'ورود ناموفق',
    'logout_everywhere': 'خروج از همه دستگاه‌ها',
    'user_created': 'ساخت حساب',
    'user_changed': 'تغییر حساب',
    'role_changed': 'تغییر نقش',
    'user_deactivated': 'غیرفعال‌سازی حساب',
    'user_activated': 'فعال‌سازی حساب',
    'password_changed': 'تغییر گذرواژه',
    'password_reset': 'بازنشانی گذرواژه',
    'invitation_sent': 'ارسال دعوت‌نامه',
    'invitation_accepted': 'پذیرش دعوت‌نامه',
    'password_reset_requested': 'درخواست بازنشانی گذرواژه',
    'password_reset_completed': 'بازنشانی گذرواژه با پیوند',
    'setting_changed': 'تغییر تنظیمات',
    'deleted': 'حذف',
    'unpublished': 'لغو انتشار',
    'minutes_reopened': 'بازگشایی صورتجلسه',
    'deadline_changed': 'تغییر مهلت مصوبه',
    'scope_changed': 'تغییر شهرهای مشمول مصوبه',
    'extension_requested': 'درخواست تمدید مهلت مصوبه',
    'extension_decided': 'تصمیم درباره تمدید مهلت مصوبه',
    'responsible_set': 'تعیین مسئول پیگیری مصوبه در شهر',
    'export': 'خروجی گرفتن',
    'contact_added': 'افزودن شماره یا گفت‌وگوی بله',
    'contact_confirmed': 'تأیید شماره یا گفت‌وگوی بله',
    'contact_removed': 'حذف شماره یا گفت‌وگوی بله',
    'indicator_changed': 'تعریف یا تغییر شاخص',
    'indicator_period_changed': 'تعریف یا تغییر دوره شاخص‌ها',
    'indicator_period_locked': 'قفل دوره شاخص‌ها',
    'indicator_period_unlocked': 'بازگشایی دوره شاخص‌ها',
    'indicator_values_imported': 'ورود گروهی مقدار شاخص‌ها',
    'report_published': 'انتشار گزارش عملکرد',
    'occasion_shifted': 'جابه‌جایی تاریخ مناسبت',
}

#: Persian names of the keys in `details`
DETAIL_LABELS = {
    'from': 'از', 'to': 'به', 'reason': 'دلیل', 'title': 'عنوان', 'name': 'نام', 'code': 'شماره', 'added': 'افزوده',
    'removed': 'برداشته', 'email': 'رایانامه', 'role': 'نقش', 'fields': 'فیلدها', 'rows': 'ردیف‌ها',
    'filters': 'پالایه‌ها', 'endpoint': 'صفحه', 'city': 'شهر', 'meeting': 'نشست', 'slug': 'شهر', 'fmt': 'قالب',
    'key': 'تنظیم', 'value': 'مقدار', 'decision': 'تصمیم', 'responsible': 'مسئول', 'channel': 'راه ارتباطی',
    'period': 'دوره', 'deadline': 'مهلت', 'year': 'سال',
}


class AuditEntry(db.Model):
    __tablename__ = 'audit_entries'

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey('users.id', ondelete='SET NULL'), index=True)
    #: the actor's e-mail when it happened (or the address typed in a failed sign-in)
    actor_email: Mapped[str] = mapped_column(String(255), default='')
    #: the client's address (after ProxyFix)
    address: Mapped[str] = mapped_column(String(64), default='')
    #: what it was done to, as `kind:id` (user:5, practice:12) or a path for exports
    target: Mapped[str] = mapped_column(String(255), default='')
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship('User')

    def __repr__(self):
        return f'<AuditEntry {self.kind} {self.target}>'

    @property
    def kind_label(self):
        return KINDS.get(self.kind, self.kind)

    @property
    def detail_items(self):
        """(Persian label, text) pairs of `details`, for the page and the export."""
        items = []
        for key, value in sorted((self.details or {}).items()):
            if isinstance(value, (list, tuple)):
                value = '، '.join(str(v) for v in value)
            elif isinstance(value, dict):
                value = '، '.join(f'{k}={v}' for k, v in value.items())
            items.append((DETAIL_LABELS.get(key, key), str(value)))
        return items
