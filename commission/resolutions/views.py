from flask import Blueprint

bp = Blueprint('resolutions', __name__)
