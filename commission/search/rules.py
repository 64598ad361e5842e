"""Who may change how search reads what people type."""


def can_edit_dictionaries(user):
    """The secretariat (and the admin) keep the search's word lists: loanwords, equivalent terms, spoken forms."""
    return bool(getattr(user, 'is_authenticated', False) and user.is_staff)
