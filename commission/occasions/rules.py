"""Who may do what with occasions and their media kits: views abort(403), templates hide the buttons."""


def _staff(user):
    return user.is_authenticated and user.is_staff


def can_view_occasions(user):
    """Every signed-in member reads the calendar and every kit."""
    return user.is_authenticated


def can_manage_occasions(user):
    """The secretariat keeps the occasions and shifts a year's date."""
    return _staff(user)


def can_add_item(user, occasion):
    """A city's director adds to the kit for their city; the secretariat adds its own items."""
    return user.is_authenticated and (user.is_staff or (user.is_director and user.city_id is not None))


def can_edit_item(user, item):
    """A city edits and deletes only its own items; the secretariat moderates every item."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return user.is_director and user.city_id is not None and user.city_id == item.city_id


def can_feature_item(user, item):
    return _staff(user)


def can_download_kit(user, occasion):
    """Anyone signed in takes one file or a year's whole kit."""
    return user.is_authenticated


def can_subscribe(user):
    """Every signed-in member may have a secret calendar address."""
    return user.is_authenticated


def read_item_file(user, item_id):
    """The attachments download asks this for a kit file (owner_type 'occasion_item')."""
    return user.is_authenticated
