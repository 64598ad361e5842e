from flask import Blueprint, render_template
from flask_login import current_user, login_required

from .sections import render_slot

bp = Blueprint('main', __name__)


@bp.get('/')
@login_required
def home():
    return render_template('home.html', sections=render_slot('home', user=current_user))
