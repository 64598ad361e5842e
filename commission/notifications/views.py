import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import db
from ..jalali import persian_digits
from ..templating import expose_rules
from ..timeutil import utcnow
from . import channels, kinds, rules, services
from .forms import CodeForm, ContactForm, EveryDeliveryForm, PreferencesForm
from .models import CONTACT_CHANNELS, ContactPoint, Notification

#: what the address field asks for, per channel
ADDRESS_LABELS = {'sms': 'شمارهٔ همراه', 'bale': 'شناسهٔ گفت‌وگو در بله'}

bp = Blueprint('notifications', __name__, url_prefix='/notifications')
expose_rules('notifications', rules)


@bp.get('/')
@login_required
def index():
    page = db.paginate(db.select(Notification).where(Notification.user_id == current_user.id)
                       .order_by(Notification.created_dt.desc()), per_page=30)
    return render_template('notifications/index.html', page=page)


@bp.post('/<int:notification_id>/open')
@login_required
def open_(notification_id):
    notification = db.get_or_404(Notification, notification_id)
    if notification.user_id != current_user.id:
        return redirect(url_for('notifications.index'))
    notification.read_dt = notification.read_dt or utcnow()
    db.session.commit()
    return redirect(notification.url or url_for('notifications.index'))


@bp.post('/read-all')
@login_required
def read_all():
    db.session.execute(db.update(Notification).where(Notification.user_id == current_user.id,
                                                     Notification.read_dt.is_(None)).values(read_dt=utcnow()))
    db.session.commit()
    return redirect(request.referrer or url_for('notifications.index'))


# --- settings: how each kind reaches me, and my confirmed number and Bale chat --------------------------------
def _settings_page(status=200, *, values=None, errors=None, contact_forms=None, code_forms=None, form=None):
    user = current_user._get_current_object()
    contacts = services.contacts(user)
    contact_forms = contact_forms or {}
    code_forms = code_forms or {}
    for name in CONTACT_CHANNELS:
        contact_forms.setdefault(name, ContactForm(channel=name, formdata=None))
        code_forms.setdefault(name, CodeForm(formdata=None))
        contact_forms[name].address.label.text = ADDRESS_LABELS[name]
        # two forms of each kind on one page: ids of their own, the labels pointing at them
        pairs = ((contact_forms[name].address, f'address-{name}'), (code_forms[name].code, f'code-{name}'))
        for field, field_id in pairs:
            field.id = field.label.field_id = field_id
    return render_template('notifications/settings.html', groups=kinds.grouped(), deliveries=kinds.DELIVERIES,
                           values=values or services.preferences(user), errors=errors or {},
                           form=form or PreferencesForm(), every_form=EveryDeliveryForm(formdata=None),
                           contacts=contacts, channel_labels=CONTACT_CHANNELS,
                           configured={n: channels.get(n).configured() for n in CONTACT_CHANNELS},
                           contact_forms=contact_forms, code_forms=code_forms,
                           bale_bot_page=channels.get('bale').bot_page()), status


_CHAT_ID = re.compile(r'-?\d{1,20}')


@bp.get('/settings')
@login_required
def settings():
    if not rules.can_edit_preferences(current_user, current_user):
        abort(403)
    # the link the Bale bot answers with: the chat's id filled in, ready for «فرستادن کد تأیید»
    chat = request.args.get('bale', '').strip()
    forms = {'bale': ContactForm(channel='bale', address=chat, formdata=None)} if _CHAT_ID.fullmatch(chat) else {}
    return _settings_page(contact_forms=forms)


@bp.post('/settings')
@login_required
def save_settings():
    if not rules.can_edit_preferences(current_user, current_user):
        abort(403)
    form = PreferencesForm()
    if not form.validate_on_submit():
        return _settings_page(422, form=form)
    try:
        values = services.parse_preferences(request.form)
    except services.PreferenceError as exc:
        typed = {name: (request.form.get(f'd-{name}', ''),
                        {c for c in kinds.URGENT_CHANNELS if request.form.get(f'{c}-{name}')})
                 for name in kinds.KINDS}
        return _settings_page(422, values=typed, errors=exc.errors, form=form)
    services.save_preferences(current_user._get_current_object(), values)
    db.session.commit()
    flash('تنظیم اعلان‌ها ذخیره شد.', 'success')
    return redirect(url_for('notifications.settings'))


@bp.post('/settings/every')
@login_required
def save_every():
    """One choice for every kind (then each row can still be changed on its own)."""
    if not rules.can_edit_preferences(current_user, current_user):
        abort(403)
    form = EveryDeliveryForm()
    if not form.validate_on_submit():
        flash('یکی از گزینه‌های پیشنهادی را برگزینید؛ تنظیم اعلان‌ها تغییر نکرد.', 'danger')
        return redirect(url_for('notifications.settings', _anchor='every'))
    changed = services.set_every_delivery(current_user._get_current_object(), form.delivery.data)
    db.session.commit()
    label = kinds.DELIVERIES[form.delivery.data]
    flash(f'همهٔ اعلان‌ها «{label}» شد ({persian_digits(changed)} مورد تغییر کرد). هر ردیف را همچنان جداگانه '
          'می‌توانید تغییر دهید.', 'success')
    return redirect(url_for('notifications.settings', _anchor='every'))


@bp.post('/contacts')
@login_required
def add_contact():
    form = ContactForm()
    channel = form.channel.data if form.channel.data in CONTACT_CHANNELS else 'sms'
    if form.validate_on_submit():
        try:
            services.add_contact(current_user._get_current_object(), channel, form.address.data)
        except services.ContactError as exc:
            form.address.errors = [*form.address.errors, str(exc)]
        else:
            db.session.commit()
            flash(f'کد تأیید به {CONTACT_CHANNELS[channel]} شما فرستاده می‌شود؛ آن را همین‌جا وارد کنید.', 'info')
            return redirect(url_for('notifications.settings', _anchor=f'contact-{channel}'))
    return _settings_page(422, contact_forms={channel: form})


def _own_contact(contact_id):
    contact = db.get_or_404(ContactPoint, contact_id)
    if not rules.can_manage_contact(current_user, contact):
        abort(403)
    return contact


@bp.post('/contacts/<int:contact_id>/confirm')
@login_required
def confirm_contact(contact_id):
    contact = _own_contact(contact_id)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            services.confirm_contact(current_user._get_current_object(), contact, form.code.data)
        except services.ContactError as exc:
            db.session.commit()  # a wrong try counts
            form.code.errors = [*form.code.errors, str(exc)]
        else:
            db.session.commit()
            flash(f'{contact.channel_label} شما تأیید شد.', 'success')
            return redirect(url_for('notifications.settings', _anchor=f'contact-{contact.channel}'))
    return _settings_page(422, code_forms={contact.channel: form})


@bp.post('/contacts/<int:contact_id>/resend')
@login_required
def resend_code(contact_id):
    contact = _own_contact(contact_id)
    if not PreferencesForm().validate_on_submit():
        return _settings_page(422)
    try:
        services.resend_code(current_user._get_current_object(), contact)
    except services.ContactError as exc:
        flash(str(exc), 'warning')
    else:
        db.session.commit()
        flash('کد تازه فرستاده می‌شود.', 'info')
    return redirect(url_for('notifications.settings', _anchor=f'contact-{contact.channel}'))


@bp.post('/contacts/<int:contact_id>/remove')
@login_required
def remove_contact(contact_id):
    contact = _own_contact(contact_id)
    if not PreferencesForm().validate_on_submit():
        return _settings_page(422)
    label = contact.channel_label
    services.remove_contact(current_user._get_current_object(), contact)
    db.session.commit()
    flash(f'{label} از حساب شما برداشته شد؛ دیگر چیزی به آن فرستاده نمی‌شود.', 'success')
    return redirect(url_for('notifications.settings'))
