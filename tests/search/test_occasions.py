"""Media-kit items are found by their title and by their occasion's name (commission/occasions/search.py)."""
import re

from commission.search import registry


def _text(client, q):
    html = client.get('/search', query_string={'q': q}).get_data(as_text=True)
    return html, re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', html))


def test_kit_items_are_found_by_title_and_by_occasion(client, db, make, login, search_index):
    occasion = make.occasion(name='هفته دفاع مقدس', month=6, day=31)
    karaj = make.city(name='کرج', slug='karaj-kit')
    item = make.kit_item(occasion, city=karaj, title='پوستر یادمان شهیدان')
    db.session.commit()
    login(make.user(role='observer'))
    link = f'/occasions/{occasion.id}#item-{item.id}'
    html, text = _text(client, 'یادمان شهیدان')
    assert link in html and 'طرح مناسبتی' in text
    html, text = _text(client, 'دفاع مقدس')
    assert link in html
    assert registry.kind_label('kit_item') == 'طرح مناسبتی'

    occasion.name = 'هفته گرامیداشت ایثار'  # a renamed occasion re-indexes its items
    db.session.commit()
    html, _ = _text(client, 'گرامیداشت ایثار')
    assert link in html
