from commission.cities.models import City


def test_demo_load_is_idempotent(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=['demo', 'load']).exit_code == 0
    counts = db.session.scalar(db.select(db.func.count(City.id)))
    assert runner.invoke(args=['demo', 'load']).exit_code == 0
    assert db.session.scalar(db.select(db.func.count(City.id))) == counts >= 18
    names = set(db.session.scalars(db.select(City.name)))
    assert {'تهران', 'مشهد', 'اصفهان', 'کرج', 'شیراز', 'تبریز', 'بندرعباس'} <= names
