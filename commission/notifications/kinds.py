"""Every kind of notification: its Persian label, its group on the settings page, whether it is urgent, its default.

A person's choice per kind (`NotificationPreference`) says how it reaches them besides the bell, which is always on:
`DELIVERIES` ('inapp' nothing more, 'email' at once, 'daily' or 'weekly' in a digest), and for the urgent kinds
SMS and/or Bale as well. A kind that is not listed here still works: it gets `UNKNOWN` (in-app and e-mail at once).
"""
from dataclasses import dataclass

#: delivery -> Persian label (one radio button each on the settings page)
DELIVERIES = {
    'inapp': 'فقط در سامانه',
    'email': 'ایمیل فوری',
    'daily': 'خلاصهٔ روزانه',
    'weekly': 'خلاصهٔ هفتگی',
}
#: the extra channels an urgent kind may also use
URGENT_CHANNELS = ('sms', 'bale')

#: group -> Persian heading, in the settings page's order
GROUPS = {
    'resolutions': 'مصوبه‌ها',
    'meetings': 'نشست‌ها و صورتجلسه‌ها',
    'practices': 'تجربه‌ها',
    'other': 'سایر',
}


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    group: str = 'other'
    urgent: bool = False
    default: str = 'email'
    #: the weekly digest itself: on (weekly) or off (inapp); no other choice makes sense for it
    digest_only: bool = False

    @property
    def choices(self):
        if self.digest_only:
            return {'weekly': 'ایمیل هفتگی', 'inapp': 'نفرست'}
        return DELIVERIES

    @property
    def default_channels(self):
        """SMS and Bale for the urgent kinds once the person has confirmed a number or chat (they asked to be told)."""
        return set(URGENT_CHANNELS) if self.urgent else set()


_KINDS = [
    Kind('resolution.assigned', 'مصوبه‌ای به شهر شما سپرده شد', 'resolutions'),
    Kind('resolution.changed', 'مهلت یا دامنهٔ مصوبه تغییر کرد', 'resolutions'),
    Kind('resolution.extension_requested', 'درخواست تمدید مهلت', 'resolutions'),
    Kind('resolution.extension_decided', 'پاسخ درخواست تمدید مهلت', 'resolutions'),
    Kind('resolution.status', 'گزارش پیشرفت مصوبه', 'resolutions'),
    Kind('resolution.accepted', 'پذیرش انجام مصوبه', 'resolutions'),
    Kind('resolution.returned', 'بازگشت گزارش انجام مصوبه', 'resolutions'),
    Kind('resolution.reminder', 'یادآوری سررسید نزدیک یا گذشته', 'resolutions', urgent=True),
    Kind('resolution.escalated', 'گزارش تأخیر به دبیرخانه و دفتر شهردار', 'resolutions', urgent=True),
    Kind('meeting.scheduled', 'برنامه‌ریزی نشست تازه', 'meetings'),
    Kind('meeting.rescheduled', 'تغییر زمان یا مکان نشست', 'meetings'),
    Kind('meeting.cancelled', 'لغو نشست', 'meetings'),
    Kind('meeting.agenda', 'انتشار یا تغییر دستور جلسه', 'meetings'),
    Kind('meeting.tomorrow', 'یادآوری نشست فردا', 'meetings', urgent=True),
    Kind('meeting.rsvp_missing', 'پاسخ حضور در نشست داده نشده', 'meetings'),
    Kind('meeting.minutes_draft', 'پیش‌نویس صورتجلسه برای اصلاح', 'meetings'),
    Kind('meeting.minutes_approved', 'تصویب صورتجلسه', 'meetings'),
    Kind('meeting.minutes_reopened', 'بازگشایی صورتجلسهٔ مصوب', 'meetings'),
    Kind('meeting.minutes_comment', 'نظر تازه روی صورتجلسه', 'meetings'),
    Kind('meeting.signoff_missing', 'امضای صورتجلسه هنوز مانده', 'meetings'),
    Kind('practice.submitted', 'تجربهٔ تازه برای بررسی', 'practices'),
    Kind('practice.published', 'انتشار تجربه', 'practices'),
    Kind('practice.changes_requested', 'درخواست اصلاح تجربه', 'practices'),
    Kind('practice.comment', 'پرسش یا نظر روی تجربه', 'practices'),
    Kind('practice.answer', 'پاسخ به پرسش شما', 'practices'),
    Kind('practice.adopted', 'شهری تجربهٔ شما را به کار گرفت', 'practices'),
    Kind('practice.adoption_followup', 'پیگیری نتیجهٔ به‌کارگیری تجربه', 'practices'),
    Kind('indicator.reminder', 'یادآوری ثبت شاخص‌ها', 'other'),
    Kind('indicator.entered_for_city', 'ثبت مقدار شاخص‌های شهر شما به دست دبیرخانه', 'other'),
    Kind('report.published', 'انتشار گزارش عملکرد شهر یا کمیسیون', 'other'),
    Kind('occasion.reminder', 'یادآوری مناسبت‌ها', 'other'),
    Kind('digest', 'خلاصهٔ هفتگی: سررسیدهای شهر، تجربه‌های تازه، نشست بعدی', 'other', default='weekly',
         digest_only=True),
]
KINDS = {k.name: k for k in _KINDS}
URGENT_KINDS = frozenset(k.name for k in _KINDS if k.urgent)


def unknown(name):
    """A kind nobody registered: in-app and e-mail at once, in the 'other' group, not urgent."""
    return Kind(name, name, 'other', False, 'email')


def get(name):
    return KINDS.get(name) or unknown(name)


def grouped():
    """[(group, heading, [Kind, ...]), ...] in the settings page's order."""
    return [(group, heading, [k for k in _KINDS if k.group == group]) for group, heading in GROUPS.items()]
