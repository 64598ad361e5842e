"""Who may change what about notifications: each person their own choices and contacts, nobody else's."""


def can_edit_preferences(user, owner):
    """A person sets how their own notifications reach them (not even the admin changes someone else's)."""
    return bool(user.is_authenticated and owner is not None and user.id == owner.id)


def can_manage_contact(user, contact):
    """A mobile number or Bale chat is confirmed, resent or removed by its owner only."""
    return bool(user.is_authenticated and contact is not None and contact.user_id == user.id)
