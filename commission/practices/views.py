from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from .. import query_args, sections
from ..attachments.services import AttachmentError, attachments_for, check_uploads, register_owner
from ..cities.models import City
from ..cities.services import cities_member_first
from ..db import db
from ..jalali import to_latin_digits
from ..security import is_id
from ..submissions import already_sent, record_result
from ..templating import expose_rules
from ..timeutil import utcnow
from . import exchange, rules
from . import services as svc
from .forms import AdoptionForm, CategoryForm, CommentForm, PracticeForm, ReviewForm
from .models import STATUSES, Category, Practice, PracticeAdoption, PracticeComment

bp = Blueprint('practices', __name__)

register_owner('practice', lambda user, owner_id: rules.can_read_practice_files(user, owner_id))


expose_rules('practices', rules)


@bp.app_context_processor
def _statuses():
    return {'PRACTICE_STATUSES': STATUSES}


def _get(practice_id, check=rules.can_view):
    practice = db.get_or_404(Practice, practice_id)
    if not check(current_user, practice):
        abort(403)
    return practice


def _filters():
    args = request.args
    return {
        'city': query_args.text(args, 'city'),
        'category': query_args.number(args, 'category'),
        'tag': query_args.text(args, 'tag'),
        'year': query_args.number(args, 'year'),
        'selected': query_args.flag(args, 'selected'),
        'sort': query_args.choice(args, 'sort', svc.SORTS, 'newest'),
    }


def _page_number():
    return query_args.page_number(request.args)


# --- browsing --------------------------------------------------------------------------------------

@bp.get('/practices/')
@login_required
def index():
    filters = _filters()
    page = svc.list_practices(filters, _page_number())
    return render_template('practices/index.html', page=page, filters=filters, choices=svc.filter_choices(),
                           tags=svc.popular_tags(), sorts=svc.SORTS)


@bp.get('/practices/mine')
@login_required
def mine():
    """A director's city's practices in every state (drafts, in review, returned, published)."""
    if not rules.can_list_own_city(current_user):
        abort(403)
    page = svc.list_practices({}, _page_number(), statuses=tuple(STATUSES), city_id=current_user.city_id)
    return render_template('practices/queue.html', page=page, title=f'تجربه‌های شهر {current_user.city.name}',
                           subtitle='پیش‌نویس‌ها، تجربه‌های در حال بررسی و منتشرشده‌های شهر شما')


@bp.get('/practices/review')
@login_required
def review_queue():
    if not rules.can_review(current_user):
        abort(403)
    page = svc.list_practices({}, _page_number(), statuses=('submitted', 'changes_requested'))
    return render_template('practices/queue.html', page=page, title='بررسی تجربه‌ها',
                           subtitle='تجربه‌هایی که شهرها برای انتشار فرستاده‌اند یا برای اصلاح برگشته‌اند')


@bp.get('/practices/<int:practice_id>')
@login_required
def detail(practice_id):
    practice = _get(practice_id)
    own_adoption = exchange.city_adoption(practice, current_user.city_id) if current_user.is_director else None
    return render_template(
        'practices/detail.html', practice=practice,
        attachments=attachments_for('practice', [practice.id])[practice.id],
        threads=exchange.comment_threads(practice) if practice.is_published else [],
        adoptions=exchange.adoptions_of(practice), own_adoption=own_adoption,
        marked_useful=exchange.has_marked_useful(current_user, practice),
        similar=svc.similar_to(practice) if practice.is_published else [],
        comment_form=CommentForm(), review_form=ReviewForm(),
        adoption_form=AdoptionForm(obj=own_adoption))


# --- writing ---------------------------------------------------------------------------------------

def _form(practice=None):
    form = PracticeForm(obj=practice)
    if request.method == 'GET' and practice is not None:
        form.tags.data = [t.name for t in practice.tags]
    cities = cities_member_first() if current_user.is_staff else None
    form.set_choices(svc.ordered_categories(), cities)
    return form


def _render_form(form, practice, status=200, upload_errors=()):
    attachments = attachments_for('practice', [practice.id])[practice.id] if practice else []
    return render_template('practices/edit.html', form=form, practice=practice, attachments=attachments,
                           upload_errors=upload_errors), status


def _remove_ids():
    return [int(v) for v in request.form.getlist('remove_attachment') if is_id(v)]


@bp.route('/practices/new', methods=['GET', 'POST'])
@login_required
def create():
    if not rules.can_create(current_user):
        abort(403)
    form = _form()
    if not form.validate_on_submit():
        return _render_form(form, None, 422 if form.is_submitted() else 200)
    upload_errors = check_uploads(form.files.data or [])
    if upload_errors:
        return _render_form(form, None, 422, upload_errors)
    sent = already_sent(url_for('practices.mine'))
    if sent:
        return sent
    city = db.session.get(City, form.city_id.data) if current_user.is_staff else None
    try:
        with db.session.begin_nested():  # the uploads folder may refuse the file: then nothing is kept
            practice = svc.create_practice(form.data, author=current_user, city=city, files=form.files.data or [])
    except AttachmentError as exc:
        return _render_form(form, None, 422, [str(exc)])
    return _after_save(practice, 'پیش‌نویس تجربه ذخیره شد.')


@bp.route('/practices/<int:practice_id>/edit', methods=['GET', 'POST'])
@login_required
def edit(practice_id):
    practice = _get(practice_id, rules.can_edit)
    form = _form(practice)
    if not form.validate_on_submit():
        return _render_form(form, practice, 422 if form.is_submitted() else 200)
    upload_errors = check_uploads(form.files.data or [])
    if upload_errors:
        return _render_form(form, practice, 422, upload_errors)
    try:
        with db.session.begin_nested():
            svc.update_practice(practice, form.data, editor=current_user, files=form.files.data or [],
                                remove_ids=_remove_ids())
    except AttachmentError as exc:
        return _render_form(form, practice, 422, [str(exc)])
    return _after_save(practice, 'تغییرات ذخیره شد.')


def _after_save(practice, message):
    """Save, and when the author pressed 'save and submit', send it for review in the same request."""
    record_result(url_for('practices.detail', practice_id=practice.id))  # where a second click of «new» lands
    if request.form.get('action') == 'submit' and rules.can_submit(current_user, practice):
        try:
            svc.submit_practice(practice, user=current_user)
        except svc.PracticeError as exc:
            db.session.commit()
            flash(f'{message} {exc}', 'warning')
            return redirect(url_for('practices.edit', practice_id=practice.id))
        message = 'تجربه برای بررسی به دبیرخانه فرستاده شد.'
    db.session.commit()
    flash(message, 'success')
    return redirect(url_for('practices.detail', practice_id=practice.id))


def _action(practice_id, check, action, message, **kwargs):
    practice = _get(practice_id, check)
    try:
        action(practice, **kwargs)
    except svc.PracticeError as exc:
        flash(str(exc), 'danger')
    else:
        db.session.commit()
        flash(message, 'success')
    return redirect(url_for('practices.detail', practice_id=practice_id))


@bp.post('/practices/<int:practice_id>/submit')
@login_required
def submit(practice_id):
    return _action(practice_id, rules.can_submit, svc.submit_practice,
                   'تجربه برای بررسی به دبیرخانه فرستاده شد.', user=current_user)


@bp.post('/practices/<int:practice_id>/publish')
@login_required
def publish(practice_id):
    return _action(practice_id, rules.can_publish, svc.publish_practice, 'تجربه منتشر شد.', user=current_user)


@bp.post('/practices/<int:practice_id>/request-changes')
@login_required
def request_changes(practice_id):
    practice = _get(practice_id, rules.can_request_changes)
    form = ReviewForm()
    if not form.validate_on_submit():
        flash('بنویسید چه اصلاحی لازم است.', 'danger')
        return redirect(url_for('practices.detail', practice_id=practice.id))
    return _action(practice_id, rules.can_request_changes, svc.request_changes,
                   'تجربه با درخواست اصلاح به شهر برگشت.', note=form.note.data, user=current_user)


@bp.post('/practices/<int:practice_id>/unpublish')
@login_required
def unpublish(practice_id):
    return _action(practice_id, rules.can_unpublish, svc.unpublish_practice,
                   'تجربه از فهرست عمومی برداشته شد و به پیش‌نویس برگشت.', user=current_user)


@bp.post('/practices/<int:practice_id>/selected')
@login_required
def select(practice_id):
    selected = request.form.get('selected') == '1'
    return _action(practice_id, rules.can_unpublish, svc.set_selected,
                   'تجربه برگزیده کمیسیون شد.' if selected else 'نشان برگزیده برداشته شد.', selected=selected)


@bp.post('/practices/<int:practice_id>/delete')
@login_required
def delete(practice_id):
    practice = _get(practice_id, rules.can_delete)
    svc.delete_practice(practice)
    db.session.commit()
    flash('پیش‌نویس حذف شد.', 'success')
    return redirect(url_for('practices.mine') if rules.can_list_own_city(current_user) else url_for('practices.index'))


# --- peers' exchange -------------------------------------------------------------------------------

@bp.post('/practices/<int:practice_id>/comments')
@login_required
def comment(practice_id):
    practice = _get(practice_id)
    parent_id = to_latin_digits(request.form.get('parent_id', ''))
    parent = db.session.get(PracticeComment, int(parent_id)) if is_id(parent_id) else None
    allowed = rules.can_reply if parent else rules.can_ask
    if not allowed(current_user, practice):
        abort(403)
    form = CommentForm()
    if not form.validate_on_submit():
        flash('متن پرسش یا پاسخ را بنویسید.', 'danger')
        return redirect(url_for('practices.detail', practice_id=practice.id) + '#comments')
    sent = already_sent(url_for('practices.detail', practice_id=practice.id) + '#comments')
    if sent:
        return sent
    try:
        comment = exchange.add_comment(practice, form.body.data, author=current_user, parent=parent)
    except svc.PracticeError as exc:
        flash(str(exc), 'danger')
        return redirect(url_for('practices.detail', practice_id=practice.id) + '#comments')
    result = record_result(url_for('practices.detail', practice_id=practice.id) + f'#comment-{comment.id}')
    db.session.commit()
    flash('پاسخ شما ثبت شد.' if parent else 'پرسش شما ثبت شد و به مدیران ارتباطات شهر صاحب تجربه خبر داده شد.',
          'success')
    return redirect(result)


@bp.post('/practices/comments/<int:comment_id>/answer')
@login_required
def mark_answer(comment_id):
    reply = db.get_or_404(PracticeComment, comment_id)
    if not rules.can_accept_answer(current_user, reply):
        abort(403)
    try:
        if request.form.get('undo') == '1':
            exchange.unmark_answer(reply)
        else:
            exchange.mark_answer(reply, user=current_user)
    except svc.PracticeError as exc:
        flash(str(exc), 'danger')
    else:
        db.session.commit()
    return redirect(url_for('practices.detail', practice_id=reply.practice_id) + f'#comment-{reply.id}')


@bp.post('/practices/<int:practice_id>/useful')
@login_required
def useful(practice_id):
    practice = _get(practice_id, rules.can_mark_useful)
    marked = exchange.toggle_useful(practice, user=current_user)
    db.session.commit()
    flash('این تجربه را مفید دانستید.' if marked else 'نشان «مفید» برداشته شد.', 'success')
    return redirect(url_for('practices.detail', practice_id=practice.id))


@bp.post('/practices/<int:practice_id>/adoption')
@login_required
def adopt(practice_id):
    practice = _get(practice_id, rules.can_adopt)
    form = AdoptionForm()
    if not form.validate_on_submit():
        flash('در یکی دو جمله بنویسید شهرتان چه کرد.', 'danger')
        return redirect(url_for('practices.detail', practice_id=practice.id) + '#adoptions')
    landing = url_for('practices.detail', practice_id=practice.id) + '#adoptions'
    if sent := already_sent(landing):
        return sent
    exchange.record_adoption(practice, form.note.data, form.result.data, user=current_user)
    record_result(landing)
    db.session.commit()
    flash(f'به‌کارگیری این تجربه در {current_user.city.name} ثبت شد.', 'success')
    return redirect(url_for('practices.detail', practice_id=practice.id) + '#adoptions')


@bp.post('/practices/adoptions/<int:adoption_id>/delete')
@login_required
def remove_adoption(adoption_id):
    adoption = db.get_or_404(PracticeAdoption, adoption_id)
    if not rules.can_edit_adoption(current_user, adoption):
        abort(403)
    practice_id = adoption.practice_id
    exchange.remove_adoption(adoption)
    db.session.commit()
    flash('ثبت به‌کارگیری برداشته شد.', 'success')
    return redirect(url_for('practices.detail', practice_id=practice_id) + '#adoptions')


# --- categories (the secretariat) ------------------------------------------------------------------

@bp.route('/practices/categories', methods=['GET', 'POST'])
@login_required
def categories():
    if not rules.can_manage_categories(current_user):
        abort(403)
    form = CategoryForm()
    status = 200
    if form.validate_on_submit():
        try:
            svc.save_category(None, form.name.data, form.position.data)
        except svc.PracticeError as exc:
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f'دسته «{form.name.data.strip()}» افزوده شد.', 'success')
            return redirect(url_for('practices.categories'))
    if form.errors:
        status = 422
    return render_template('practices/categories.html', form=form, categories=svc.ordered_categories(),
                           usage=svc.category_usage()), status


@bp.post('/practices/categories/<int:category_id>')
@login_required
def update_category(category_id):
    if not rules.can_manage_categories(current_user):
        abort(403)
    category = db.get_or_404(Category, category_id)
    try:
        if request.form.get('action') == 'delete':
            name = category.name
            svc.delete_category(category)
            message = f'دسته «{name}» حذف شد.'
        else:
            position = to_latin_digits(request.form.get('position', '0')).strip()
            svc.save_category(category, request.form.get('name', ''), int(position) if is_id(position) else 0)
            message = 'دسته ذخیره شد.'
    except svc.PracticeError as exc:
        flash(str(exc), 'danger')
    else:
        db.session.commit()
        flash(message, 'success')
    return redirect(url_for('practices.categories'))


# --- Atom feeds ------------------------------------------------------------------------------------

def _feed(city=None):
    practices = svc.feed_practices(city.id if city else None)
    updated = max((p.updated_dt for p in practices), default=utcnow())
    base = current_app.config['SITE_URL'].rstrip('/')
    xml = render_template('practices/feed.atom.xml', practices=practices, city=city, updated=updated, base=base,
                          self_url=base + request.path)
    response = make_response(xml)
    response.headers['Content-Type'] = 'application/atom+xml; charset=utf-8'
    return response


@bp.get('/practices/feed.atom')
def feed():
    """Published practices only, for the cities' own channels (no sign-in, like any public feed)."""
    return _feed()


@bp.get('/cities/<slug>/practices.atom')
def city_feed(slug):
    return _feed(db.first_or_404(db.select(City).where(City.slug == slug)))


# --- sections on the home page and a city's page ---------------------------------------------------

def _home_section(user, **_):
    return Markup(render_template('practices/_home_section.html', user=user, latest=svc.latest_published(6),
                                  pending=svc.needing_action(user), total=svc.count_published()))


def _city_section(city, user, **_):
    drafts = svc.needing_action(user, city_id=city.id) if rules.can_see_city_drafts(user, city) else []
    return Markup(render_template('practices/_city_section.html', city=city, user=user,
                                  practices=svc.latest_published(8, city_id=city.id),
                                  total=svc.count_published(city.id), adopted=svc.adopted_by_city(city.id),
                                  drafts=drafts))


sections.register('home', 10, _home_section, stylesheet='css/practices.css')
sections.register('city', 10, _city_section, stylesheet='css/practices.css')
