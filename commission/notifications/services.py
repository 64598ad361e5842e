"""Notifications: the bell for everyone, and each person's chosen channels (e-mail now, a digest, SMS, Bale).

`notify(users, kind, text, url)` is the one call every domain makes. It adds the in-app rows and records the
deliveries as jobs in the caller's transaction; the worker sends them after the commit, so a failed action
tells nobody, and a slow or down gateway slows or breaks no action.
"""
import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets

from flask import current_app

from ..audit.services import record
from ..db import db
from ..jalali import to_latin_digits
from ..jobs import enqueue
from ..timeutil import utcnow
from . import channels, kinds
from .models import ContactPoint, Notification, NotificationPreference

logger = logging.getLogger(__name__)

#: an SMS longer than this is cut (with the link kept): several parts cost several messages
SMS_MAX_CHARS = 300


# --- sending ---------------------------------------------------------------------------------------------------
def notify(users, kind, text, url='', *, email=True):
    """Leave an in-app notification for each active user, and record each one's chosen deliveries as jobs.

    E-mail at once goes in one 'mail.send' batch; 'daily'/'weekly' marks the row for the next digest; an urgent
    kind also goes by SMS or Bale to a confirmed contact when the person chose it. `email=False` keeps e-mail and
    digests out (the bell and the urgent channels remain). Returns the users notified.
    """
    users = list({u.id: u for u in users if u is not None and u.active}.values())
    if not users:
        return []
    spec = kinds.get(kind)
    chosen = choices_for(users, spec)
    link = absolute(url)
    mails, urgent = [], []
    for user in users:
        delivery, extra = chosen[user.id]
        if not email and delivery != 'inapp':
            delivery = 'inapp'
        db.session.add(Notification(user=user, kind=kind, text=text, url=url,
                                    digest=delivery if delivery in ('daily', 'weekly') else None))
        if delivery == 'email':
            mails.append({'to': user.email, 'subject': text[:120],
                          'body': f'{user.full_name} گرامی،\n\n{text}\n\n{link}\n'})
        if spec.urgent and extra:
            urgent.append((user, extra))
    db.session.flush()
    if mails and current_app.config.get('MAIL_SERVER'):
        enqueue('mail.send', {'kind': kind, 'messages': mails})
    if urgent:
        _enqueue_urgent(urgent, kind, text, link)
    return users


def _enqueue_urgent(urgent, kind, text, link):
    """One job per confirmed contact on a configured channel the person chose for this urgent kind."""
    wanted = {name for _, extra in urgent for name in extra if channels.get(name).configured()}
    if not wanted:
        return
    ids = [user.id for user, _ in urgent]
    contacts = {(c.user_id, c.channel): c for c in db.session.scalars(
        db.select(ContactPoint).where(ContactPoint.user_id.in_(ids), ContactPoint.channel.in_(wanted),
                                      ContactPoint.confirmed_dt.is_not(None)))}
    for user, extra in urgent:
        for name in sorted(extra & wanted):
            contact = contacts.get((user.id, name))
            if contact is None:
                continue  # no confirmed number or chat: nothing goes anywhere unconfirmed
            message = short_message(text, link) if name == 'sms' else f'{text}\n\n{link}'.strip()
            enqueue('notifications.send', {'kind': kind, 'channel': name, 'contact_id': contact.id,
                                           'address': contact.address, 'text': message})


def short_message(text, link):
    """An SMS: the text cut to fit, the link kept whole."""
    room = SMS_MAX_CHARS - len(link) - 1
    body = ' '.join(text.split())
    if len(body) > room:
        body = body[:max(room - 1, 0)].rstrip() + '…'
    return f'{body}\n{link}'.strip()


def absolute(url):
    return current_app.config['SITE_URL'].rstrip('/') + url if url and url.startswith('/') else (url or '')


def unread_count(user):
    return db.session.scalar(
        db.select(db.func.count(Notification.id)).where(Notification.user_id == user.id,
                                                         Notification.read_dt.is_(None)))


def city_directors(city_id):
    """The active directors of one city: who hears about that city's business."""
    from ..auth.models import User
    return db.session.scalars(db.select(User).where(User.city_id == city_id, User.role == 'director',
                                                    User.active.is_(True))).all()


def staff_users(roles=('secretariat',)):
    from ..auth.models import User
    return db.session.scalars(db.select(User).where(User.role.in_(roles), User.active.is_(True))).all()


# --- preferences -----------------------------------------------------------------------------------------------
def choices_for(users, spec):
    """{user_id: (delivery, {extra channels})} for one kind: a saved row, else the kind's default."""
    rows = {p.user_id: p for p in db.session.scalars(
        db.select(NotificationPreference).where(NotificationPreference.kind == spec.name,
                                                NotificationPreference.user_id.in_([u.id for u in users])))}
    return {u.id: _choice(rows.get(u.id), spec) for u in users}


def _choice(row, spec):
    if row is None:
        return spec.default, set(spec.default_channels)
    delivery = row.delivery if row.delivery in spec.choices else spec.default
    extra = {name for name in kinds.URGENT_CHANNELS if getattr(row, name)} if spec.urgent else set()
    return delivery, extra


def preferences(user):
    """{kind name: (delivery, {extra channels})} for every registered kind."""
    rows = {p.kind: p for p in db.session.scalars(
        db.select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    return {name: _choice(rows.get(name), spec) for name, spec in kinds.KINDS.items()}


class PreferenceError(ValueError):
    """A submitted choice that is not one of the offered ones: {kind: Persian message}."""

    def __init__(self, errors):
        super().__init__('invalid preferences')
        self.errors = errors


def parse_preferences(form):
    """Read the settings form (`d-<kind>`, `sms-<kind>`, `bale-<kind>`): {kind: (delivery, {channels})}.

    Raises PreferenceError naming each kind whose value is missing or not offered.
    """
    values, errors = {}, {}
    for name, spec in kinds.KINDS.items():
        delivery = form.get(f'd-{name}', '')
        if delivery not in spec.choices:
            errors[name] = 'یکی از گزینه‌های پیشنهادی را برگزینید.'
            continue
        extra = {c for c in kinds.URGENT_CHANNELS if form.get(f'{c}-{name}')} if spec.urgent else set()
        values[name] = (delivery, extra)
    if errors:
        raise PreferenceError(errors)
    return values


def save_preferences(user, values):
    """Store the person's choices (a row per kind); returns how many kinds changed."""
    rows = {p.kind: p for p in db.session.scalars(
        db.select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    changed = 0
    for name, (delivery, extra) in values.items():
        spec = kinds.get(name)
        if _choice(rows.get(name), spec) == (delivery, extra):
            continue
        row = rows.get(name) or NotificationPreference(user_id=user.id, kind=name)
        row.delivery, row.sms, row.bale = delivery, 'sms' in extra, 'bale' in extra
        db.session.add(row)
        changed += 1
    db.session.flush()
    return changed


def set_every_delivery(user, delivery):
    """Every kind that offers `delivery` (one of DELIVERIES) gets it; the urgent kinds keep their SMS and Bale, and the
    weekly digest's own on/off stays as it is. Returns how many kinds changed."""
    values = {name: (delivery, extra) for name, (_, extra) in preferences(user).items()
              if delivery in kinds.KINDS[name].choices and not kinds.KINDS[name].digest_only}
    return save_preferences(user, values)


# --- contact points --------------------------------------------------------------------------------------------
class ContactError(ValueError):
    """A Persian message for the person (bad number, too many codes, wrong code)."""


MOBILE = re.compile(r'^09\d{9}$')
CHAT_ID = re.compile(r'^-?\d{4,20}$')


def normalize_mobile(text):
    """09xxxxxxxxx from what a person types: Persian or Arabic digits, spaces, dashes, +98 / 0098 / 98 in front."""
    value = re.sub(r'[\s\-()]', '', to_latin_digits(text or ''))
    for prefix in ('+98', '0098', '98'):
        if value.startswith(prefix) and len(value) == len(prefix) + 10:
            value = '0' + value[len(prefix):]
            break
    if len(value) == 10 and value.startswith('9'):
        value = '0' + value
    if not MOBILE.match(value):
        raise ContactError('شمارهٔ همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد.')
    return value


def normalize_chat_id(text):
    value = re.sub(r'\s', '', to_latin_digits(text or ''))
    if not CHAT_ID.match(value):
        raise ContactError('شناسهٔ گفت‌وگو در بله عددی است (مثلاً ۱۲۳۴۵۶۷۸۹)؛ آن را از پاسخ بات بردارید.')
    return value


def normalize_address(channel, text):
    return normalize_mobile(text) if channel == 'sms' else normalize_chat_id(text)


def contacts(user):
    """{channel: ContactPoint} of one person."""
    return {c.channel: c for c in db.session.scalars(db.select(ContactPoint).where(ContactPoint.user_id == user.id))}


def _config(name, default):
    return current_app.config.get(name) or default


def _take_code_slot(contact, now):
    """The send throttle: CONTACT_CODE_LIMIT codes per CONTACT_CODE_WINDOW_MINUTES per contact."""
    window = dt.timedelta(minutes=float(_config('CONTACT_CODE_WINDOW_MINUTES', 60)))
    if contact.codes_window_dt is None or now - contact.codes_window_dt > window:
        contact.codes_window_dt, contact.codes_sent = now, 0
    if contact.codes_sent >= int(_config('CONTACT_CODE_LIMIT', 3)):
        raise ContactError('چند کد پشت سر هم فرستاده شده است؛ کمی بعد دوباره درخواست کنید.')
    contact.codes_sent += 1


def add_contact(user, channel, text):
    """Add or replace the person's number or chat (unconfirmed) and record the job that sends its code."""
    if channel not in ('sms', 'bale'):
        raise ContactError('این راه ارتباطی پشتیبانی نمی‌شود.')
    if not channels.get(channel).configured():
        raise ContactError('این راه ارتباطی هنوز در سامانه راه‌اندازی نشده است.')
    address = normalize_address(channel, text)
    now = utcnow()
    contact = contacts(user).get(channel)
    if contact is None:
        contact = ContactPoint(user_id=user.id, channel=channel, address=address, code_attempts=0, codes_sent=0)
        db.session.add(contact)
    _take_code_slot(contact, now)
    contact.address, contact.confirmed_dt = address, None
    contact.code_hash = contact.code_expires_dt = None
    contact.code_attempts = 0
    db.session.flush()
    enqueue('notifications.send', {'kind': 'contact.code', 'channel': channel, 'contact_id': contact.id,
                                   'address': address, 'purpose': 'code'})
    record('contact_added', actor=user, target=user, details={'channel': channel})
    return contact


def resend_code(user, contact):
    if contact.confirmed:
        raise ContactError('این راه ارتباطی پیش‌تر تأیید شده است.')
    _take_code_slot(contact, utcnow())
    contact.code_hash = contact.code_expires_dt = None
    contact.code_attempts = 0
    db.session.flush()
    enqueue('notifications.send', {'kind': 'contact.code', 'channel': contact.channel, 'contact_id': contact.id,
                                   'address': contact.address, 'purpose': 'code'})
    return contact


def code_digest(contact, code):
    key = (current_app.config.get('SECRET_KEY') or '').encode()
    return hmac.new(key, f'{contact.id}:{contact.address}:{code}'.encode(), hashlib.sha256).hexdigest()


def new_code(contact):
    """A fresh 6-digit code (worker side): only its HMAC is kept, with its expiry; returns the code to send."""
    code = f'{secrets.randbelow(10**6):06d}'
    contact.code_hash = code_digest(contact, code)
    contact.code_expires_dt = utcnow() + dt.timedelta(minutes=float(_config('CONTACT_CODE_MINUTES', 10)))
    contact.code_attempts = 0
    return code


def confirm_contact(user, contact, text):
    """Check a typed code: right and in time confirms the contact; MAX wrong tries void the code."""
    code = to_latin_digits(text or '').strip()
    if contact.confirmed:
        return contact
    if not contact.code_hash:
        raise ContactError('کدی برای این راه ارتباطی در راه نیست؛ «فرستادن دوبارهٔ کد» را بزنید.')
    if contact.code_expires_dt and contact.code_expires_dt < utcnow():
        raise ContactError('مهلت این کد گذشته است؛ کد تازه بخواهید.')
    if contact.code_attempts >= int(_config('CONTACT_CODE_ATTEMPTS', 5)):
        raise ContactError('کد چند بار نادرست وارد شد و دیگر پذیرفته نمی‌شود؛ کد تازه بخواهید.')
    if not re.fullmatch(r'\d{6}', code) or not hmac.compare_digest(code_digest(contact, code), contact.code_hash):
        contact.code_attempts += 1
        db.session.flush()
        raise ContactError('کد درست نیست.')
    contact.confirmed_dt = utcnow()
    contact.code_hash = contact.code_expires_dt = None
    contact.code_attempts = 0
    record('contact_confirmed', actor=user, target=user, details={'channel': contact.channel})
    db.session.flush()
    return contact


def remove_contact(user, contact):
    record('contact_removed', actor=user, target=user, details={'channel': contact.channel})
    db.session.delete(contact)
    db.session.flush()
