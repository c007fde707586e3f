"""Organizer accounts and their bearer tokens."""

import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from . import Conflict, Unauthorized, now_ms
from .credentials import check_new_password, normalize_email, valid_email


class Organizers:
    def __init__(self, store, token_ttl_seconds, password_method="scrypt", *, run_blocking):
        """`run_blocking(fn, *args, lane=...)`: the port that hashes off the event loop, on the "auth"
        lane (runtime/offload.py's, handed in by runtime/services.py)."""
        self.store = store
        self.run_blocking = run_blocking
        self.token_ttl = token_ttl_seconds
        self.password_method = password_method
        self._dummy_hash = None

    def create(self, email, password, replace=False):
        email = valid_email(email)
        check_new_password(password)
        password_hash = self.run_blocking(generate_password_hash, password, lane="auth", method=self.password_method)
        if replace:
            self.store.organizers.set_password(email, password_hash)
            self.store.organizers.delete_all_tokens(email)  # a reset signs out every browser and script
        elif not self.store.organizers.add(email, password_hash, now_ms()):
            raise Conflict(f"An organizer {email} exists already.", code="organizer_exists")
        return email

    def authenticate(self, email, password):
        """The organizer's email when the password matches, else Unauthorized."""
        email = normalize_email(email)
        organizer = self.store.organizers.get(email) if email else None
        # An unknown or malformed address, or an empty password, costs the same hash as a known one:
        # timing tells no one who has an account.
        stored = organizer["password_hash"] if organizer else self.dummy_hash()
        matches = self.run_blocking(check_password_hash, stored, password or "", lane="auth")
        if not organizer or not matches or not password:
            raise Unauthorized("Wrong email or password.", code="bad_credentials")
        return email

    def dummy_hash(self):
        """A hash of a random password, made with this server's method, checked for unknown addresses."""
        if self._dummy_hash is None:
            password = secrets.token_urlsafe(16)
            self._dummy_hash = self.run_blocking(
                generate_password_hash, password, lane="auth", method=self.password_method
            )
        return self._dummy_hash

    def issue_token(self, email):
        token = secrets.token_urlsafe(32)
        self.store.organizers.save_token(token, email, self.token_ttl, now_ms())
        return token

    def revoke_token(self, token):
        """Ends one API token or web session; a replayed copy is refused from now on."""
        if token:
            self.store.organizers.delete_token(token)

    def email_for_token(self, token):
        return self.store.organizers.token_owner(token) if token else None
