"""Page slots that domains fill without the page knowing them (the home page, a city's page).

A domain registers `render(**context) -> Markup` for a slot at import time of its views; the page
template calls `render_slot('city', city=city, user=current_user)`. A domain's `stylesheet` (a path under
static/) goes in the page's head once, through `slot_stylesheets(slot)`, instead of in each partial.
"""
_SLOTS = {}


def register(slot, order, render, stylesheet=None):
    entries = _SLOTS.setdefault(slot, [])
    entries.append((order, render, stylesheet))
    entries.sort(key=lambda item: item[0])


def render_slot(slot, **context):
    return [render(**context) for _, render, _ in _SLOTS.get(slot, [])]


def slot_stylesheets(slot):
    """The stylesheets the slot's sections need, each once, in the sections' order."""
    return list(dict.fromkeys(css for *_, css in _SLOTS.get(slot, []) if css))
