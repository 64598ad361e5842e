"""Command groups: `flask users`, `flask demo`; domains add theirs (`content`, `search`, `resolutions`, `practices`)."""
import click
from flask.cli import AppGroup

from .db import db

users_cli = AppGroup('users', help='Manage accounts.')
demo_cli = AppGroup('demo', help='Demo data.')


@users_cli.command('create')
@click.option('--email', required=True)
@click.option('--role', required=True, type=click.Choice(['admin', 'secretariat', 'director', 'observer']))
@click.option('--city', help='City slug or Persian name (required for directors).')
@click.option('--name', 'full_name', help='Full name (defaults to the email).')
@click.option('--password', help='Prompted for unless --invite.')
@click.option('--invite', is_flag=True, help='Mail an invitation link instead: the owner sets the password.')
def create_user_command(email, role, city, full_name, password, invite):
    """Create an account, prompting for its password, or (--invite) mailing its owner an invitation link."""
    from .auth.services import AccountError, create_user
    from .auth.tokens import send_invitation
    from .cities.models import City

    city_obj = None
    if city:
        city_obj = db.session.scalar(db.select(City).where((City.slug == city) | (City.name == city)))
        if city_obj is None:
            raise click.ClickException(f'No such city: {city}')
    if not invite and password is None:
        password = click.prompt('Password', hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email=email, full_name=full_name or email, role=role, password=None if invite else password,
                           city=city_obj)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    link = send_invitation(user) if invite else None
    db.session.commit()
    click.echo(f'Created {user.email} ({user.role}).')
    if link:
        click.echo(f'Invitation mailed (through the worker); the link: {link}')


@demo_cli.command('load')
@click.option('--if-empty', is_flag=True, help='Only when the database holds no city yet (as `make run` does).')
def load_demo_command(if_empty):
    """Load the demo cities, accounts and content (idempotent)."""
    from .cities.models import City
    from .demo import load_demo
    if if_empty and db.session.scalar(db.select(City.id).limit(1)):
        click.echo('The database already has data; demo data not loaded.')
        return
    load_demo()
    db.session.commit()
    click.echo('Demo data loaded.')


@demo_cli.command('accounts')
def demo_accounts_command():
    """Print the demo logins."""
    from flask import current_app

    from .demo import demo_accounts_text
    click.echo(demo_accounts_text(current_app.config['DEMO_PASSWORD']))


def init_app(app):
    from .backup.cli import backup_cli
    from .content.cli import content_cli
    from .notifications.cli import notifications_cli
    from .practices.cli import practices_cli
    from .resolutions.cli import resolutions_cli
    from .search.cli import search_cli

    for group in (users_cli, demo_cli, content_cli, search_cli, resolutions_cli, backup_cli,
                  notifications_cli, practices_cli):
        app.cli.add_command(group)
    from . import jobs
    jobs.init_app(app)
