"""Request-side helpers shared by the HTTP blueprints: services, organizer auth, public URLs."""

import functools
import ipaddress
import secrets
import socket
import time
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, session, url_for
from itsdangerous import BadData, URLSafeTimedSerializer

from ..domain import NotFound, Unauthorized
from ..domain.access import PERMISSIONS, allows
from ..domain.events import event_settings
from .rate_limits import KNOWN_ADDRESS_SECONDS, account_key
from .security import is_https

PARTICIPANT_COOKIE = "hetki_p_{}"
DEVICE_COOKIE = "hetki_device"


def services():
    return current_app.extensions["hetki"]


def bearer_token():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_organizer():
    """The signed-in organizer's email from a bearer token or the web session, else None.

    The web session carries a server-side token (`sid`), so signing out or a password reset ends it
    even when the signed cookie is replayed.
    """
    return services().organizers.email_for_token(bearer_token() or session.get("sid"))


def authenticate(email, password):
    """The organizer's email for a right password; attempts are rate-limited before any hash is
    computed (RateLimited, 429; see rate_limits.py), and a wrong password's answer waits longer
    with each failure from the same address."""
    hetki = services()
    attempt = hetki.limits.sign_in(request.remote_addr, email, device=_device_of(email))
    try:
        email = hetki.organizers.authenticate(email, password)
    except Unauthorized:
        time.sleep(hetki.limits.failure_delay(attempt))  # green under eventlet and gevent
        raise
    hetki.accounts.check_enabled(email)
    hetki.limits.signed_in(attempt)
    return email


def _devices():
    return URLSafeTimedSerializer(current_app.secret_key, salt="hetki-device")


def _device_of(email):
    """The id of this browser's device cookie when it was set by a sign-in to `email`, else None."""
    try:
        account, device = _devices().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=KNOWN_ADDRESS_SECONDS)
    except (BadData, TypeError, ValueError):
        return None
    return device if account == account_key(email) else None


def remember_device(response, email):
    """OWASP's device cookie: this browser signed in to `email`, so a guesser elsewhere filling the
    account's limit for new addresses does not keep it out when it moves to a new address."""
    device = _device_of(email) or secrets.token_urlsafe(12)
    response.set_cookie(
        DEVICE_COOKIE,
        _devices().dumps([account_key(email), device]),
        max_age=KNOWN_ADDRESS_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=is_https(),
    )
    return response


def organizer_required(view):
    """For API routes: 401 without a signed-in organizer; `g.organizer` is their email."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.organizer = current_organizer()
        if not g.organizer:
            raise Unauthorized()
        return view(*args, **kwargs)

    return wrapper


def organizer_page(view):
    """For HTML pages: the sign-in page without a signed-in organizer."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.organizer = current_organizer()
        if not g.organizer:
            return redirect(url_for("organizer.login"))
        return view(*args, **kwargs)

    return wrapper


def event_role(permission):
    """Turns the route's `eid` into `event` (a `pid` into `event` and `poll`; a `sid` stays, its
    event in `g.event`) when the signed-in organizer's role on the event has `permission` (see
    domain/access.py's table): a stranger gets 404, a member whose role lacks it 403. `g.role` is
    their role. Goes under organizer_required or organizer_page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            hetki = services()
            if "eid" in kwargs:
                eid = kwargs.pop("eid")
            elif "pid" in kwargs:
                eid = hetki.polls.event_id_of(kwargs["pid"])
            else:
                eid = hetki.surveys.event_id_of(kwargs["sid"])
            try:
                g.event, g.role = hetki.access.event_for(g.organizer, eid, permission)
            except NotFound:
                if "sid" in kwargs:  # as before: someone else's survey is a missing survey
                    raise NotFound("No such survey.", code="survey_not_found") from None
                raise
            if "pid" in kwargs:
                kwargs["poll"] = hetki.polls.get(eid, kwargs.pop("pid"))
            if "sid" not in kwargs:
                kwargs["event"] = g.event
            return view(*args, **kwargs)

        wrapper.permission = permission  # read by the authorization matrix test
        return wrapper

    return decorator


def lan_address():
    """This machine's address on the LAN, found from the routing table (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: connect() on UDP only picks a route
        return probe.getsockname()[0]
    except OSError:
        return socket.gethostbyname(socket.gethostname())
    finally:
        probe.close()


def lan_addresses():
    """This machine's non-loopback IPv4 addresses, the routed one first: where phones may reach it."""
    found = [lan_address()]
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if not ipaddress.ip_address(a).is_loopback]


def unreachable_join(join_url):
    """None when phones can reach the join link; else its host (127.0.0.1, localhost: this machine
    only) and the LAN addresses to serve on instead, for the settings page and the presenter."""
    host = urlsplit(join_url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if not loopback:
        return None
    port = current_app.config["HETKI"].PORT
    return {"host": host, "lan_urls": [f"http://{a}:{port}" for a in lan_addresses()]}


def public_base_url():
    """The address that join links and QR codes carry; never 127.0.0.1 when serving the LAN."""
    config = current_app.config["HETKI"]
    if config.PUBLIC_URL:
        return config.PUBLIC_URL
    if config.HOST in ("0.0.0.0", "::"):
        scheme = "https" if config.CERT_FILE else "http"
        return f"{scheme}://{lan_address()}:{config.PORT}"
    return request.host_url.rstrip("/")


def event_links(event):
    base = public_base_url()
    return {
        "join_url": f"{base}/j/{event['code']}",
        "presenter_url": f"{base}/p/{event['presenter_key']}",
        "qr_url": f"{base}/j/{event['code']}/qr.svg",
    }


def event_view(event, role=None):
    """An event as its organizer sees it over the API; a co-organizer who may not run the screen does
    not see the presenter link (it opens every control)."""
    same = g.get("event") is not None and g.event["id"] == event["id"]  # else a copy or a new event: theirs
    role = role or (g.role if same else "owner")
    view = {
        "id": event["id"],
        "code": event["code"],
        "title": event["title"],
        "created_at": event["created_at"],
        "live_poll": event["live_poll"],
        "moderation": event["moderation"],
        "archived": event["archived"],
        "previous_event_id": event["previous_event_id"],
        "settings": event_settings(event),
    }
    view.update(event_links(event))
    view["join_warning"] = unreachable_join(view["join_url"])
    view["role"] = role
    view["permissions"] = [name for name in PERMISSIONS if allows(role, name)]  # what the pages offer
    if not allows(role, "edit"):
        del view["presenter_url"]
    return view
