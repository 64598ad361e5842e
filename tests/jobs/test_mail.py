"""Mail is a job: recorded with the action, sent by the worker after the commit, over verified TLS."""
import email
import email.policy
import logging

import pytest

from commission.jobs.models import Job
from commission.notifications.services import notify

from .conftest import jobs, server_context


def parsed(envelope):
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def test_notify_records_one_mail_job_and_sends_nothing_before_the_commit(db, make, smtp, mail_config, run_jobs):
    port, inbox = smtp()
    mail_config(port)
    users = [make.user(), make.user()]
    notify(users, 'test.kind', 'نشست دوم کمیسیون برنامه‌ریزی شد', '/meetings/2')
    assert inbox.messages == []  # nothing left the building during the action
    [job] = jobs(db, 'mail.send')
    assert [m['to'] for m in job.payload['messages']] == [u.email for u in users]
    db.session.commit()
    run_jobs()
    assert sorted(e.rcpt_tos[0] for e in inbox.messages) == sorted(u.email for u in users)
    assert inbox.connections == 1  # one SMTP connection for the batch
    assert db.session.get(Job, job.id).status == 'done'


def test_nothing_is_mailed_when_the_transaction_rolls_back(db, make, smtp, mail_config, run_jobs):
    port, inbox = smtp()
    mail_config(port)
    notify([make.user()], 'test.kind', 'این کار انجام نشد')
    db.session.rollback()
    run_jobs()
    assert jobs(db, 'mail.send') == [] and inbox.messages == []


def test_message_has_date_id_plain_text_and_rtl_html(db, make, smtp, mail_config, run_jobs):
    port, inbox = smtp()
    mail_config(port)
    user = make.user(full_name='مریم کرجی')
    notify([user], 'test.kind', 'مصوبه تازه\nبرای شهر شما', '/resolutions/mine')
    db.session.commit()
    run_jobs()
    message = parsed(inbox.messages[0])
    assert message['Date'] and message['Message-ID'].endswith('@example.org>')
    assert message['Subject'] == 'مصوبه تازه برای شهر شما'  # a line break in a subject becomes a space
    assert 'مریم کرجی گرامی' in message.get_body(('plain',)).get_content()
    html = message.get_body(('html',)).get_content()
    assert 'dir="rtl"' in html and 'Vazirmatn' in html and 'مصوبه تازه<br>برای شهر شما' in html


def test_a_subject_cannot_inject_headers(app):
    from commission.mail import build_message
    with app.app_context():
        message = build_message('a@example.org', 'سلام\r\nBcc: victim@example.org', 'متن')
    assert message['Bcc'] is None and '\n' not in message['Subject']


def test_a_down_mail_server_never_fails_the_action_and_the_job_retries(db, make, mail_config, run_jobs):
    from .conftest import free_port
    mail_config(free_port())  # nobody listens there
    notify([make.user()], 'test.kind', 'یادآوری')
    db.session.commit()
    run_jobs()
    [job] = jobs(db, 'mail.send')
    assert job.status == 'pending' and job.attempts == 1 and 'Connection refused' in job.last_error
    assert job.run_after > job.created_dt  # backoff before the next attempt


def test_starttls_refuses_a_certificate_it_cannot_verify(db, make, smtp, mail_config, run_jobs, certs, caplog):
    port, inbox = smtp(starttls=server_context(certs, 'self'))
    mail_config(port, MAIL_USE_TLS=True, MAIL_USERNAME='commission', MAIL_PASSWORD='secret')
    notify([make.user()], 'test.kind', 'رمز نباید لو برود')
    db.session.commit()
    with caplog.at_level(logging.WARNING):
        run_jobs()
    [job] = jobs(db, 'mail.send')
    assert inbox.messages == [] and job.status == 'pending' and 'CERTIFICATE_VERIFY_FAILED' in job.last_error


def test_starttls_with_the_configured_ca_sends(db, make, smtp, mail_config, run_jobs, certs):
    port, inbox = smtp(starttls=server_context(certs, 'server'))
    mail_config(port, MAIL_USE_TLS=True, MAIL_CA_FILE=str(certs / 'ca.pem'))
    user = make.user()
    notify([user], 'test.kind', 'با رمزنگاری')
    db.session.commit()
    run_jobs()
    assert [e.rcpt_tos for e in inbox.messages] == [[user.email]]


@pytest.mark.parametrize('ca, delivered', [(None, False), ('ca.pem', True)])
def test_implicit_tls_verifies_the_certificate(db, make, smtp, mail_config, run_jobs, certs, ca, delivered):
    port, inbox = smtp(implicit=server_context(certs, 'server'))
    mail_config(port, MAIL_USE_SSL=True, MAIL_CA_FILE=str(certs / ca) if ca else None)
    notify([make.user()], 'test.kind', 'TLS از آغاز')
    db.session.commit()
    run_jobs()
    assert bool(inbox.messages) is delivered


def test_without_a_mail_server_no_mail_job_is_recorded(db, make, app):
    app.config['MAIL_SERVER'] = None
    notify([make.user()], 'test.kind', 'فقط اعلان درون سامانه')
    assert jobs(db, 'mail.send') == []


def test_a_sent_invitation_leaves_no_link_in_the_jobs_table(db, make, smtp, mail_config, run_jobs):
    from commission.auth.tokens import send_invitation
    port, inbox = smtp()
    mail_config(port)
    user = make.user()
    link = send_invitation(user)
    [job] = jobs(db, 'mail.send')
    db.session.commit()
    run_jobs()
    assert link in parsed(inbox.messages[0]).get_body(('plain',)).get_content()  # the mail carried it
    job = db.session.get(Job, job.id)
    assert job.status == 'done'
    assert link not in str(job.payload) and job.payload['messages'] == [
        {'to': user.email, 'subject': job.payload['messages'][0]['subject']}]
