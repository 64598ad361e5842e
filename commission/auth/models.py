import datetime as dt

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, update
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import db
from ..timeutil import utcnow

ROLES = {
    'admin': 'مدیر سامانه',
    'secretariat': 'دبیرخانه کمیسیون',
    'director': 'مدیر ارتباطات شهر',
    'observer': 'ناظر',
}

#: the roles that run the commission's records (`is_staff`, `staff_required`, the navigation)
STAFF_ROLES = ('admin', 'secretariat')
#: a director speaks for one city: the account needs one
CITY_ROLES = ('director',)
DIRECTOR_NEEDS_CITY = 'مدیر ارتباطات باید شهر داشته باشد.'


def role_city_error(role, city):
    """The Persian refusal when `role` needs a city and none is given, else None."""
    return DIRECTOR_NEEDS_CITY if role in CITY_ROLES and not city else None


class User(UserMixin, db.Model):
    __tablename__ = 'users'

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    #: job title shown beside the name (مدیرکل ارتباطات و امور بین‌الملل)
    position: Mapped[str] = mapped_column(String(200), default='')
    role: Mapped[str] = mapped_column(String(20))
    #: required for directors, optional for others
    city_id: Mapped[int | None] = mapped_column(ForeignKey('cities.id'), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    last_login_dt: Mapped[dt.datetime | None]
    #: part of the session and remember-me id: bumping it signs the account out everywhere
    session_version: Mapped[int] = mapped_column(default=0, server_default='0')
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)

    city = relationship('City', backref='users')

    def __repr__(self):
        return f'<User {self.email}>'

    @validates('email')
    def _normalize_email(self, _key, email):
        """Emails are compared case-insensitively: keep one spelling."""
        return (email or '').strip().lower()

    @validates('role', 'active')
    def _revoke_on_change(self, key, value):
        """A role change or a deactivation ends every session of the account (the old rights go with them)."""
        old = getattr(self, key)
        if old is not None and value != old and (key == 'role' or not value):
            self.revoke_sessions()
        return value

    #: the secret id of the sign-in this object was loaded for (see `sign_ins`); not a column
    sign_in_token = None
    #: the `UserSession` row of that sign-in
    sign_in = None

    def get_id(self):
        """The id Flask-Login keeps in the session and the remember cookie: `id:version:sign-in token`.

        A stale version (a revocation) or an ended sign-in (a logout on that device) is refused by `load_user`."""
        return f'{self.id}:{self.session_version or 0}:{self.sign_in_token or ""}'

    def revoke_sessions(self):
        """Sign the account out on every device (sessions and remember-me cookies): every sign-in ends."""
        self.session_version = (self.session_version or 0) + 1
        if self.id is not None:
            with db.session.no_autoflush:
                db.session.execute(update(UserSession).where(UserSession.user_id == self.id,
                                                             UserSession.ended_dt.is_(None))
                                   .values(ended_dt=utcnow()).execution_options(synchronize_session=False))

    @property
    def is_active(self):
        return self.active

    @property
    def role_label(self):
        return ROLES.get(self.role, self.role)

    @property
    def is_staff(self):
        """Admin and secretariat run the commission's records."""
        return self.role in STAFF_ROLES

    @property
    def is_director(self):
        return self.role == 'director'

    def set_password(self, password):
        """A new password (changed or reset) also ends every session opened with the old one."""
        if self.password_hash:
            self.revoke_sessions()
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)


#: what an account token is for: the invitation of a new account, or a forgotten password
TOKEN_PURPOSES = ('invite', 'reset')


class AccountToken(db.Model):
    """A single-use link sent by mail; only the sha256 of the random token is stored."""
    __tablename__ = 'account_tokens'

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id', ondelete='CASCADE'), index=True)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_dt: Mapped[dt.datetime]
    used_dt: Mapped[dt.datetime | None]

    user = relationship('User')

    def __repr__(self):
        return f'<AccountToken {self.purpose} user={self.user_id}>'


class UserSession(db.Model):
    """One sign-in (a browser on a device): its cookies work while the row is open (`ended_dt` empty)."""
    __tablename__ = 'user_sessions'

    id: Mapped[int] = mapped_column(primary_key=True)
    #: sha256 (hex) of the random token kept in the session and remember-me cookies; the token is not stored
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey('users.id', ondelete='CASCADE'), index=True)
    created_dt: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: updated at most every few minutes (`sign_ins.SEEN_EVERY`), not on every request
    last_seen_dt: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    address: Mapped[str] = mapped_column(String(64), default='')
    user_agent: Mapped[str] = mapped_column(String(200), default='')
    ended_dt: Mapped[dt.datetime | None]

    def __repr__(self):
        return f'<UserSession {self.id} of user {self.user_id}>'
