"""Archive lines for `flask content import`, shared by the import and the search CLI tests."""
import json

LINES = [
    {'ref': 'a-1', 'kind': 'practice', 'city': 'کرج', 'title': 'گاه‌نامه الکترونیکی',
     'body': 'انتشار ماهانه اخبار محله‌ها در کانال ایتا', 'date': '1401-02-28'},
    {'ref': 'a-2', 'kind': 'minutes', 'city': 'تبریز', 'title': 'صورتجلسه نشست هفتم', 'body': 'گزارش پیوست رسانه ای',
     'date': '۱۴۰۲/۰۳/۰۱'},
    {'ref': 'a-3', 'kind': 'resolution', 'city': 'شیراز', 'title': 'مصوبه شماره ۵۹: رضایت سنجی تاکسی',
     'body': 'شهرها نظرسنجی رضایت از تاکسی را اجرا کنند', 'date': '2023-06-20'},
]


def write(tmp_path, lines, name='archive.jsonl'):
    path = tmp_path / name
    path.write_text('\n'.join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
                              for line in lines) + '\n', encoding='utf-8')
    return str(path)
