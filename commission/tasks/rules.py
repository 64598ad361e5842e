"""Who may see a task list: each signed-in user sees their own, and nobody else's (there is no other address)."""


def can_view_tasks(user):
    return user.is_authenticated
