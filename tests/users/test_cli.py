from commission.auth.models import User


def test_cli_creates_user_prompting_for_password(app, db):
    from commission.cities.models import City
    db.session.add(City(name='کرج آزمون', slug='karaj-cli', province='البرز'))
    db.session.flush()
    runner = app.test_cli_runner()
    result = runner.invoke(args=['users', 'create', '--email', 'cli@example.org', '--role', 'director',
                                 '--city', 'karaj-cli'], input='pass-word-1\npass-word-1\n')
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == 'cli@example.org'))
    assert user.city.slug == 'karaj-cli' and user.check_password('pass-word-1')
    result = runner.invoke(args=['users', 'create', '--email', 'x@example.org', '--role', 'director',
                                 '--city', 'nowhere'], input='pass-word-1\npass-word-1\n')
    assert result.exit_code != 0
