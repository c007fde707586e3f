"""Response headers (CSP and friends, HSTS, no-store), Secure cookies behind TLS or a trusted proxy,
the Origin check.

Pages load nothing from elsewhere and run no inline script, so the policy can be `'self'` only;
`blob:` and `data:` are there for the phone's recording preview and posters. Only the presenter
screen may be framed (slide tools embed it), and only as far as PRESENTER_FRAME_ANCESTORS says.
Socket.IO answers below Flask, so a WSGI layer gives its responses (and every other) the same
defaults; Flask's own hook sets the per-view ones first.
"""

from urllib.parse import urlsplit

from flask import current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from ..domain import Forbidden

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "media-src": "'self' blob:",
    "connect-src": "'self'",  # same-origin ws:/wss: included (CSP Level 3, tested in Chromium)
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HSTS = "max-age=31536000"  # a year; not includeSubDomains: other hosts of the domain are not ours
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Forms that act before a session exists or on it; the Origin check covers them as well.
SIGN_IN_ENDPOINTS = frozenset({"organizer.login", "organizer.logout"})


def embeddable(view):
    """Marks a page that slide tools may frame (frame-ancestors from PRESENTER_FRAME_ANCESTORS)."""
    view.embeddable = True
    return view


def no_store(view):
    """Marks a response no cache may keep though no organizer is signed in: a new token, the presenter
    link, the report's page (what a signed-in organizer opens is never kept either)."""
    view.no_store = True
    return view


def content_security_policy(frame_ancestors=None):
    policy = dict(POLICY)
    if frame_ancestors is not None:
        policy["frame-ancestors"] = frame_ancestors
    return "; ".join(f"{name} {value}" for name, value in policy.items() if value)


def is_https():
    """Served over TLS by us (CERT_FILE) or, with TRUST_PROXY, by the proxy in front of us."""
    return request.is_secure or bool(current_app.config["HETKI"].CERT_FILE)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return is_https() or super().get_cookie_secure(app)


def _origin_of(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def check_origin():
    """403 origin_refused unless the request says it came from a page of this host (or an allowed origin).

    Browsers send Origin on every POST/PUT/PATCH/DELETE; Referer is the fallback for the few that
    leave Origin out. Neither present counts as foreign: a browser always sends one of them here
    (Referrer-Policy: same-origin keeps Referer on our own requests).
    """
    config = current_app.config["HETKI"]
    origin = _origin_of(request.headers.get("Origin")) or _origin_of(request.headers.get("Referer"))
    allowed = {o.rstrip("/").lower() for o in config.ALLOWED_ORIGINS}
    if config.PUBLIC_URL:
        allowed.add(_origin_of(config.PUBLIC_URL))
    own = f"{request.scheme}://{request.host}".lower()  # http://host is not https://host
    if origin and (origin == own or origin in allowed):
        return
    raise Forbidden("This request did not come from a Hetki page.", code="origin_refused")


def _authenticated_by_session():
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return False
    return request.endpoint in SIGN_IN_ENDPOINTS or "sid" in session


class DefaultHeaders:
    """WSGI: the default CSP, nosniff and Referrer-Policy on any response still without them (Socket.IO's
    own), and HSTS on every response over TLS."""

    def __init__(self, wsgi_app, policy, served_over_tls):
        self.wsgi_app = wsgi_app
        self.defaults = [
            ("Content-Security-Policy", policy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
        ]
        self.served_over_tls = served_over_tls

    def __call__(self, environ, start_response):
        https = self.served_over_tls or environ.get("wsgi.url_scheme") == "https"

        def with_defaults(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers = headers + [(name, value) for name, value in self.defaults if name.lower() not in present]
            if https and "strict-transport-security" not in present:
                headers.append(("Strict-Transport-Security", HSTS))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, with_defaults)


def init_app(app):
    config = app.config["HETKI"]
    app.wsgi_app = DefaultHeaders(app.wsgi_app, content_security_policy(), bool(config.CERT_FILE))
    if config.TRUST_PROXY:
        # Outermost, so Socket.IO's own same-origin check sees the proxy's scheme and host too.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.session_interface = SessionInterface()
    framed_policy = content_security_policy(config.PRESENTER_FRAME_ANCESTORS)
    policy = content_security_policy()

    @app.before_request
    def refuse_foreign_writes():
        if request.method in UNSAFE_METHODS and _authenticated_by_session():
            check_origin()

    @app.after_request
    def add_headers(response):
        view = app.view_functions.get(request.endpoint)
        embeddable_page = getattr(view, "embeddable", False)
        response.headers.setdefault("Content-Security-Policy", framed_policy if embeddable_page else policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # Whatever an organizer's credentials opened is private (exports, insights, the presenter link).
        if getattr(view, "no_store", False) or g.get("organizer"):
            response.headers["Cache-Control"] = "no-store"
        return response
