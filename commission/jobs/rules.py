"""Who may see the background jobs and send a failed one again."""


def can_manage_jobs(user):
    """The admin runs the site: the jobs page, its errors and its retry button are theirs."""
    return bool(user.is_authenticated and user.role == 'admin')
