"""The demo shows issue 13's follow-through: one city with an extended deadline, one with an open request."""
from commission.resolutions.models import Assignment, ExtensionRequest, ProgressReport, ResolutionChange


def test_the_demo_has_an_extended_deadline_and_an_open_extension_request(app, db):
    assert app.test_cli_runner().invoke(args=['demo', 'load']).exit_code == 0
    states = dict(db.session.execute(db.select(ExtensionRequest.state, db.func.count()).group_by(
        ExtensionRequest.state)).all())
    assert states == {'granted': 1, 'open': 1}
    extended = db.session.scalars(db.select(Assignment).where(Assignment.deadline.is_not(None))).all()
    assert len(extended) == 1 and extended[0].responsible is not None
    assert extended[0].effective_deadline > extended[0].resolution.deadline
    kinds = db.session.scalars(db.select(ResolutionChange.kind)).all()
    assert sorted(kinds) == ['extension_granted', 'extension_requested', 'extension_requested']
    claims = db.session.scalars(db.select(ProgressReport).where(ProgressReport.status == 'done')).all()
    assert claims and all(r.evidence_url.startswith('https://') for r in claims)
    returned = db.session.scalars(db.select(ProgressReport).where(ProgressReport.review == 'returned')).all()
    assert returned  # some demo claims were sent back once
    shown = db.session.scalars(db.select(Assignment).where(Assignment.claim_returned.is_(True))).all()
    assert len(shown) == 1 and shown[0].display_status == 'returned'
    assert app.test_cli_runner().invoke(args=['demo', 'load']).exit_code == 0  # idempotent
    assert db.session.scalar(db.select(db.func.count(ExtensionRequest.id))) == 2
