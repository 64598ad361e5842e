"""Who may read the audit log (nobody may change it: no route edits or deletes an entry)."""


def can_read_audit(user):
    """The admin: the log holds every account's sign-ins and the commission's sensitive changes."""
    return bool(user.is_authenticated and user.role == 'admin')
