from flask.cli import AppGroup

search_cli = AppGroup('search', help='The search index.')
content_cli = AppGroup('content', help='Bulk import of archives.')


@search_cli.command('rebuild')
def rebuild_command():
    """Recreate the index from the database (the search issue fills this in)."""
