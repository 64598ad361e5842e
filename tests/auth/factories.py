"""Factory methods for this domain, mixed into tests.factories.Factories (flush, never commit)."""


class UserFactories:
    def user(self, role='director', city=None, password='secret-pass', **kw):
        """An active account; a director gets a new city unless given one."""
        from commission.auth.models import User
        n = self._number()
        if role == 'director' and city is None:
            city = self.city()
        kw.setdefault('email', f'user{n}@example.org')
        kw.setdefault('full_name', f'کاربر {n}')
        user = User(role=role, city=city, **kw)
        user.set_password(password)
        return self._add(user)
