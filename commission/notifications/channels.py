"""The ways a notification leaves the site, behind one interface: `CHANNELS[name].send(address, text)`.

Only the worker calls `send` (see jobs.py). Each raises:
- `NotDelivered`: nothing was handed over, or the gateway answered that it did not take the message (down,
  overloaded, out of credit): safe to try again later, and the worker does, with backoff;
- `Refused`: the gateway refused this message for good (a bad number, a wrong key): the job fails at once and
  waits on /admin/jobs for an operator;
- `Uncertain`: the request went out but no answer came back: the message may have arrived, so it is never resent
  (at most once).

SMS follows the shape of the common Iranian gateways: SMS_GATEWAY_URL receives apikey, receptor, message (and
sender, from SMS_SENDER) as a form POST (or a GET with SMS_GATEWAY_METHOD=GET); `{apikey}` in the URL is
replaced by the key (Kavenegar's style). Bale's bot API is Telegram's: POST {BALE_API_URL}/bot{token}/sendMessage.
"""
import json
import logging
import smtplib
import urllib.error
import urllib.parse
import urllib.request

from flask import current_app

from .. import mail

logger = logging.getLogger(__name__)


class NotDelivered(Exception):
    """Not handed over (or refused for now): try again later."""


class Refused(Exception):
    """Refused for good by the gateway: no point retrying until someone fixes the number or the configuration."""


class Uncertain(Exception):
    """Sent, but no answer: it may have arrived, so it is not sent again."""


def _timeout():
    return float(current_app.config.get('NOTIFY_HTTP_TIMEOUT') or 10)


def http_call(method, url, *, form=None, json_body=None, headers=None):
    """(status, body bytes) of one HTTP request; NotDelivered before it is sent, Uncertain after."""
    data = None
    headers = dict(headers or {})
    if json_body is not None:
        data = json.dumps(json_body, ensure_ascii=False).encode()
        headers['Content-Type'] = 'application/json; charset=utf-8'
    elif form is not None and method == 'GET':
        url = url + ('&' if '?' in url else '?') + urllib.parse.urlencode(form)
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8'
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        # urllib raises URLError for failures while connecting or sending (nothing complete reached the gateway)
        with urllib.request.urlopen(request, timeout=_timeout()) as response:  # noqa: S310 - configured URL
            return response.status, response.read(65536)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(65536) if exc.fp else b''
    except urllib.error.URLError as exc:
        raise NotDelivered(f'gateway unreachable: {exc.reason}') from None
    except (OSError, ValueError) as exc:  # the request was sent; the answer never came (timeout, reset)
        raise Uncertain(f'no answer from the gateway: {exc}') from None


def _json(body):
    try:
        return json.loads(body.decode('utf-8', 'replace'))
    except ValueError:
        return None


def _judge(status, detail):
    """Map an HTTP status to the outcome: 2xx fine, 429/5xx (and 408) later, other 4xx refused for good."""
    if 200 <= status < 300:
        return
    if status in (408, 425, 429) or status >= 500:
        raise NotDelivered(f'gateway answered {status}: {detail}')
    raise Refused(f'gateway refused ({status}): {detail}')


class Channel:
    name = ''
    label = ''

    def configured(self):
        raise NotImplementedError

    def send(self, address, text):
        raise NotImplementedError


class EmailChannel(Channel):
    """E-mail over the configured SMTP server (batches of notifications go through the 'mail.send' job)."""
    name, label = 'email', 'ایمیل'

    def configured(self):
        return mail.configured()

    def send(self, address, text, subject=None):
        try:
            with mail.connect() as smtp:
                smtp.send_message(mail.build_message(address, subject or text.split('\n', 1)[0][:120], text))
        except smtplib.SMTPRecipientsRefused as exc:
            raise Refused(str(exc)) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise NotDelivered(str(exc)) from None


class SmsChannel(Channel):
    name, label = 'sms', 'پیامک'

    def configured(self):
        config = current_app.config
        return bool(config.get('SMS_GATEWAY_URL') and config.get('SMS_API_KEY'))

    def send(self, address, text):
        config = current_app.config
        key = config['SMS_API_KEY']
        url = config['SMS_GATEWAY_URL'].replace('{apikey}', urllib.parse.quote(key, safe=''))
        form = {'apikey': key, 'receptor': address, 'message': text}
        if config.get('SMS_SENDER'):
            form['sender'] = config['SMS_SENDER']
        method = (config.get('SMS_GATEWAY_METHOD') or 'POST').upper()
        status, body = http_call('GET' if method == 'GET' else 'POST', url, form=form, headers={'apikey': key})
        answer = _json(body)
        _judge(status, _short(answer, body))
        # Kavenegar: {"return": {"status": 200}}; Ghasedak: {"result": {"code": 200}}; others: HTTP status only
        code = None
        if isinstance(answer, dict):
            for outer, inner in (('return', 'status'), ('result', 'code')):
                if isinstance(answer.get(outer), dict) and inner in answer[outer]:
                    code = answer[outer][inner]
        if code is not None and str(code) not in ('200', '1', 'True'):
            raise NotDelivered(f'gateway did not take the message: {_short(answer, body)}')


class BaleChannel(Channel):
    name, label = 'bale', 'بله'

    def configured(self):
        return bool(current_app.config.get('BALE_BOT_TOKEN'))

    def bot_page(self):
        """The bot's public page in Bale, where a person starts a chat with it; None without BALE_BOT_USERNAME."""
        username = current_app.config.get('BALE_BOT_USERNAME')
        return f'https://ble.ir/{username}' if username else None

    def method_url(self, method):
        """The bot API's address of `method` (it holds the bot's token: never logged nor shown)."""
        config = current_app.config
        return f'{config["BALE_API_URL"].rstrip("/")}/bot{config["BALE_BOT_TOKEN"]}/{method}'

    def call(self, method, body):
        """The `result` of one bot API call; NotDelivered, Refused or Uncertain as for a message."""
        status, raw = http_call('POST', self.method_url(method), json_body=body)
        answer = _json(raw)
        _judge(status, _short(answer, raw))  # never the URL: it holds the bot's token
        if not (isinstance(answer, dict) and answer.get('ok') is True):
            raise NotDelivered(f'Bale did not take {method}: {_short(answer, raw)}')
        return answer.get('result')

    def send(self, address, text):
        chat_id = int(address) if address.lstrip('-').isdigit() else address
        self.call('sendMessage', {'chat_id': chat_id, 'text': text})


def _short(answer, body):
    return (json.dumps(answer, ensure_ascii=False) if answer is not None else body.decode('utf-8', 'replace'))[:300]


CHANNELS = {c.name: c for c in (EmailChannel(), SmsChannel(), BaleChannel())}


def get(name):
    return CHANNELS[name]
