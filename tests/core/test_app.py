"""The application factory and its configuration."""


def test_csrf_is_enforced(tmp_path):
    from commission import create_app
    app = create_app({'TESTING': True, 'INSTANCE_PATH': str(tmp_path),
                      'SQLALCHEMY_DATABASE_URI': f'sqlite:///{tmp_path}/x.db'})
    response = app.test_client().post('/login', data={'email': 'a@example.org', 'password': 'x'})
    assert response.status_code == 400
    assert 'مهلت این فرم' in response.get_data(as_text=True)


def test_secret_key_is_generated_once_with_owner_only_mode(tmp_path, monkeypatch):
    from commission import create_app
    monkeypatch.delenv('SECRET_KEY', raising=False)
    first = create_app({'INSTANCE_PATH': str(tmp_path)}).config['SECRET_KEY']
    second = create_app({'INSTANCE_PATH': str(tmp_path)}).config['SECRET_KEY']
    assert first == second and len(first) >= 32
    assert (tmp_path / 'secret_key').stat().st_mode & 0o777 == 0o600


def test_database_url_uses_psycopg3(monkeypatch, tmp_path):
    from commission import create_app
    monkeypatch.setenv('DATABASE_URL', 'postgresql://u@localhost/db')
    app = create_app({'INSTANCE_PATH': str(tmp_path)})
    assert app.config['SQLALCHEMY_DATABASE_URI'] == 'postgresql+psycopg://u@localhost/db'
