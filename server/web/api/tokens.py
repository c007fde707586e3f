"""/api/v1/token: a script's bearer token for an organizer, and signing it out."""

from flask import jsonify

from ...domain import Unauthorized
from .. import schemas
from ..helpers import authenticate, bearer_token, services
from ..security import no_store
from .base import api, body


@api.post("/token")
@no_store
def token():
    data = body(schemas.TokenRequest)
    email = authenticate(data["email"], data["password"])
    return jsonify({"token": services().organizers.issue_token(email)})


@api.delete("/token")
def revoke_token():
    """Signing out a script: the bearer token sent stops working at once."""
    token = bearer_token()
    if not services().organizers.email_for_token(token):
        raise Unauthorized()
    services().organizers.revoke_token(token)
    return "", 204
