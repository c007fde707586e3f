"""Organizer accounts and their bearer tokens."""

import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from . import Conflict, Unauthorized, now_ms


class Organizers:
    def __init__(self, store, token_ttl_seconds, password_method="scrypt"):
        self.store = store
        self.token_ttl = token_ttl_seconds
        self.password_method = password_method

    def create(self, email, password, replace=False):
        email = email.strip().lower()
        password_hash = generate_password_hash(password, method=self.password_method)
        if replace:
            self.store.organizers.set_password(email, password_hash)
        elif not self.store.organizers.add(email, password_hash, now_ms()):
            raise Conflict(f"An organizer {email} exists already.", code="organizer_exists")
        return email

    def authenticate(self, email, password):
        """The organizer's email when the password matches, else Unauthorized."""
        email = (email or "").strip().lower()
        organizer = self.store.organizers.get(email)
        if not organizer or not check_password_hash(organizer["password_hash"], password or ""):
            raise Unauthorized("Wrong email or password.", code="bad_credentials")
        return email

    def issue_token(self, email):
        token = secrets.token_urlsafe(32)
        self.store.organizers.save_token(token, email, self.token_ttl)
        return token

    def email_for_token(self, token):
        return self.store.organizers.token_owner(token) if token else None
