from flask import Blueprint, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from ..jalali import format_jalali
from . import (
    hooks,  # noqa: F401  (registers the session listeners that keep the index in step)
    registry,
    services,
)

bp = Blueprint('search', __name__)


@bp.get('/search')
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
