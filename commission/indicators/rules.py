"""Who may do what with indicators: one `can_*` per rule; views abort(403), templates hide the buttons."""


def can_view_indicators(user):
    """Every signed-in user reads the indicators, their charts and rankings (observers read only)."""
    return bool(user and user.is_authenticated)


def can_manage_indicators(user):
    """The secretariat defines indicators and periods, sets deadlines, locks periods and imports values."""
    return bool(user and user.is_authenticated and user.is_staff)


def can_enter_values(user, city):
    """A city's director enters the values of their own city only; the secretariat (who imports values for every
    city anyway) may type them in for any city, e.g. figures a city sent by letter. A locked period still refuses
    (services)."""
    if not (user and user.is_authenticated and city is not None):
        return False
    return can_enter_for_cities(user) or bool(user.is_director and user.city_id == city.id)


def can_enter_for_cities(user):
    """The entry form with a choice of city: the secretariat, entering on a city's behalf."""
    return bool(user and user.is_authenticated and user.is_staff)


def can_enter_my_city(user):
    """The entry form of «my city»: a director with a city."""
    return bool(user and user.is_authenticated and user.is_director and user.city_id)


def can_export_values(user):
    """Download the values as CSV or XLSX: every signed-in user (the values are the commission's shared record)."""
    return can_view_indicators(user)


def can_read_evidence(user, value_id):
    """Evidence files of a value are part of the shared record: every signed-in user may read them."""
    return bool(user and user.is_authenticated)
