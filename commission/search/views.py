from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import db
from ..jalali import format_jalali
from ..permissions import rule_required
from ..templating import expose_rules
from . import (
    glossary,
    hooks,  # noqa: F401  (registers the session listeners that keep the index in step)
    registry,
    rules,
    services,
)
from .forms import DictionaryForm

bp = Blueprint('search', __name__)
expose_rules('search', rules)


@bp.get('/search', strict_slashes=False)  # /search/ too, like every other section's address
@login_required
def index():
    params, errors = services.parse_params(request.args)
    results = services.search(current_user, params)
    facets = {name: services.facet_labels(name, counts) for name, counts in results.facets.items()}
    html = render_template('search/index.html', results=results, params=params, errors=errors, facets=facets,
                           facet_args=services.FACET_ARGS, kinds=registry.KINDS, unavailable_text=services.UNAVAILABLE)
    return html, 503 if results.unavailable else 200


@bp.get('/search/suggest')
@login_required
def suggest():
    q = (request.args.get('q') or '').strip()
    hits = services.suggest(current_user, q) if q else []
    if hits is None:
        return jsonify(results=[], unavailable=True, message=services.UNAVAILABLE)
    return jsonify(results=[{
        'title': h['title'], 'kind': h['kind'], 'kind_label': h['kind_label'], 'icon': h['icon'],
        'city': h['city'], 'date': format_jalali(h['date']), 'url': h['url'],
    } for h in hits], more_url=url_for('search.index', q=q))


@bp.get('/admin/search/dictionaries')
@rule_required(rules.can_edit_dictionaries)
def dictionaries():
    return redirect(url_for('search.dictionary', kind='thesaurus'))


@bp.route('/admin/search/dictionaries/<kind>', methods=['GET', 'POST'])
@rule_required(rules.can_edit_dictionaries)
def dictionary(kind):
    if kind not in glossary.KINDS:
        abort(404)
    form = DictionaryForm()
    status = 200
    if request.method == 'GET':
        form.text.data = glossary.text(kind)
    elif form.validate_on_submit():
        errors = glossary.save(kind, '' if form.restore.data else form.text.data)
        if not errors:
            db.session.commit()
            flash('فهرست پیش‌فرض بازگردانده شد.' if form.restore.data
                  else 'فهرست ذخیره شد و از همین حالا در جستجو به کار می‌رود.', 'success')
            return redirect(url_for('search.dictionary', kind=kind))
        form.text.errors = list(form.text.errors) + errors
        status = 422
    else:
        status = 422
    return render_template('search/dictionaries.html', form=form, kind=kind, kinds=glossary.KINDS,
                           customised=bool(glossary.stored_text(kind))), status
