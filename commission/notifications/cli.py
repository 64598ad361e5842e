"""`flask notifications test-send CHANNEL ADDRESS` (check a gateway's settings) and `flask notifications bale-chats`."""

import click
from flask.cli import AppGroup

notifications_cli = AppGroup('notifications', help='Notification channels (SMS, Bale).')


@notifications_cli.command('test-send')
@click.argument('channel', type=click.Choice(['sms', 'bale', 'email']))
@click.argument('address')
@click.option('--text', default='پیام آزمایشی کمیسیون ارتباطات کلانشهرها', show_default=True)
def test_send_command(channel, address, text):
    """Send one message now, without the worker, and say what the gateway answered (for setting a channel up)."""
    from . import channels
    from .services import ContactError, normalize_address
    gateway = channels.get(channel)
    if not gateway.configured():
        raise click.ClickException(f'{channel} is not configured (see README: notifications).')
    if channel != 'email':
        try:
            address = normalize_address(channel, address)
        except ContactError as exc:
            raise click.ClickException(str(exc)) from None
    try:
        gateway.send(address, text)
    except (channels.NotDelivered, channels.Refused, channels.Uncertain) as exc:
        raise click.ClickException(f'{type(exc).__name__}: {exc}') from None
    click.echo(f'Sent by {channel} to {address}.')


@notifications_cli.command('bale-chats')
@click.option('--reply', is_flag=True, help='Answer each chat that sent /start with its chat id.')
def bale_chats_command(reply):
    """List the chats that wrote to the bot and that the worker has not read yet (getUpdates); the worker answers
    them itself every BALE_POLL_SECONDS, so this is for checking the bot or for BALE_POLL_SECONDS=0."""
    from . import channels
    from .bale_updates import answer_text
    bale = channels.get('bale')
    if not bale.configured():
        raise click.ClickException('BALE_BOT_TOKEN is not set.')
    try:
        updates = bale.call('getUpdates', {})
    except (channels.NotDelivered, channels.Refused, channels.Uncertain) as exc:
        raise click.ClickException(f'{type(exc).__name__}: {exc}') from None
    seen = {}
    for update in updates or []:
        message = update.get('message') or {}
        chat = message.get('chat') or {}
        if chat.get('id') is not None:
            seen[chat['id']] = (chat, message.get('text') or '')
    for chat_id, (chat, text) in seen.items():
        name = ' '.join(filter(None, [chat.get('first_name'), chat.get('last_name')])) or chat.get('title') or ''
        click.echo(f'{chat_id}\t{name}\t@{chat.get("username") or ""}\t{text[:40]}')
        if reply and text.strip().startswith('/start'):
            try:
                channels.get('bale').send(str(chat_id), answer_text(chat_id))
            except (channels.NotDelivered, channels.Refused, channels.Uncertain) as exc:
                click.echo(f'  reply failed: {exc}', err=True)
    if not seen:
        click.echo('No chats yet: ask the person to send /start to the bot.')
