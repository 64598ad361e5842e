"""Published reports' introductions in search: registered when the app is built (see create_app)."""
from ..search.registry import register_type
from .models import CityReport

register_type(CityReport, label='گزارش عملکرد', plural='گزارش‌های عملکرد', icon='file-earmark-bar-graph',
              words=('city_report', 'گزارش عملکرد', 'گزارش‌های عملکرد', 'گزارش سالانه', 'گزارش فصلی'),
              eager=('city',))
