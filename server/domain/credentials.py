"""What an organizer's e-mail address and password must be: one rule for the API, the sign-in form
and `create-organizer`."""

import re

from . import Invalid

MAX_EMAIL = 254
# NIST SP 800-63B: at least 8 characters, long passphrases welcome, no composition rules.
MIN_PASSWORD = 8
MAX_PASSWORD = 1024

_LOCAL = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# A public name ends in a top-level domain of two or more letters (or an IDN's xn--); localhost is
# kept for a machine on its own. The address becomes part of a Redis key, so ':' can never pass.
_EMAIL = re.compile(rf"(?P<local>{_LOCAL})@(?:localhost|(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}}))")


def normalize_email(email):
    """The address trimmed and lower-cased when it is valid, else None."""
    if not isinstance(email, str):
        return None
    email = email.strip().lower()
    match = _EMAIL.fullmatch(email) if len(email) <= MAX_EMAIL else None
    return email if match and len(match["local"]) <= 64 else None


def valid_email(email):
    """The normalized address, or Invalid (for creating an account: sign-in treats it as unknown)."""
    normalized = normalize_email(email)
    if normalized is None:
        raise Invalid("That is not an e-mail address.", code="invalid_email")
    return normalized


def check_new_password(password):
    """Invalid unless the password is MIN_PASSWORD to MAX_PASSWORD characters."""
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise Invalid(
            f"A password has {MIN_PASSWORD} to {MAX_PASSWORD} characters (a passphrase is best).",
            code="weak_password",
        )
