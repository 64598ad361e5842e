"""Indicators in search: their names, descriptions and units (registered by create_app, SEARCH_MODULES)."""
from ..search.registry import register_type
from .models import Indicator

register_type(Indicator, label='شاخص', plural='شاخص‌ها', icon='bar-chart-line',
              words=('indicator', 'indicators', 'شاخص', 'شاخص‌ها', 'شاخصها'))
