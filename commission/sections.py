"""Page slots that domains fill without the page knowing them (the home page, a city's page).

A domain registers `render(**context) -> Markup` for a slot at import time of its views; the page
template calls `render_slot('city', city=city, user=current_user)`.
"""
_SLOTS = {}


def register(slot, order, render):
    entries = _SLOTS.setdefault(slot, [])
    entries.append((order, render))
    entries.sort(key=lambda item: item[0])


def render_slot(slot, **context):
    return [render(**context) for _, render in _SLOTS.get(slot, [])]
