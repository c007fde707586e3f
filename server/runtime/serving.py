"""The HTTP server of `python -m server`, one function per async mode, and the stop they share.

Both modes listen with a backlog of 4,096 and at most MAX_CONNECTIONS connections at once (the
libraries' defaults, 128 and 1,024, refuse a hall), serve TLS when CERT_FILE is set, and stop the
same bounded way. Nothing heavy is imported at module level: `monkey_patch` runs first.
"""

import logging
import time

from server.realtime import connection_census
from server.runtime.connections import (
    AddressCounts,
    GuardedListener,
    HeaderDeadline,
    HeadersTooSlow,
    OutOfDescriptors,
    address_cap,
    connection_limit,
)

BACKLOG = 4096
IDLE_SECONDS = 60  # an HTTP connection that sends nothing for this long is dropped (websockets: PING_*)
# On SIGTERM: at most this long dropping connections (the exit closes any left)...
DROP_SECONDS = 2.5
# ...then requests in flight (a vote, an upload's last bytes) get this long to finish.
GRACE_SECONDS = 1.0
IO_BUFFER_BYTES = 2048  # per connection, for HTTP request lines and headers and small responses

log = logging.getLogger("hetki")


def monkey_patch(mode):
    """Makes sockets, threads and time cooperative for `mode`; before Flask, redis-py or socket.io
    are imported."""
    if mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
        return
    import warnings

    # eventlet 0.36+ warns on import that it is deprecated: the warning is meant for library authors
    # choosing an async library, and printed at every start it alarms operators who cannot act on
    # it. The start-up log line names the async mode, and docs/deploying.md ("Async mode") says
    # where eventlet stands and how to run on gevent (ASYNC_MODE=gevent) instead.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
    from server.realtime import hub
    from server.store.client import REDIS_FDS  # after patching: the store imports redis-py

    hub.use(REDIS_FDS)


def tell_clients_to_reconnect(socketio):
    """Drops every Engine.IO connection the way a lost network would. Socket.IO clients reconnect
    after a dropped transport (to another process behind the proxy, or to this one restarted),
    where a polite Engine.IO CLOSE stops the Python client and a Socket.IO disconnect stops all."""
    engine = socketio.server.eio
    # Socket.IO's bookkeeping of one disconnect copies the namespace's every room (one per
    # connection), so with 10,000 phones each drop cost ~25 ms; a process on its way out needs none.
    engine.handlers.pop("disconnect", None)
    connections = list(engine.sockets.values())
    deadline = time.monotonic() + DROP_SECONDS
    dropped = 0
    for connection in connections:
        connection.close(wait=False, abort=True)
        dropped += 1
        if time.monotonic() > deadline:
            break
    log.info("%d of %d connections dropped for their clients to reconnect", dropped, len(connections))


def _until_stopped(stopping, failed, sleep):
    while not stopping and not failed():
        sleep(0.2)
    if stopping:
        log.info("stopping on a signal")


def serve_eventlet(app, config, stopping):
    import eventlet
    import eventlet.wsgi

    install_transport(app, config, "eventlet")

    class ConnectionPool(eventlet.GreenPool):
        """eventlet.wsgi waits for every connection on its way out; open websockets get a grace."""

        def waitall(self):
            with eventlet.Timeout(GRACE_SECONDS, False):
                super().waitall()

    addresses = AddressCounts(address_cap(config))

    class Protocol(HeaderDeadline, eventlet.wsgi.HttpProtocol):
        """A connection's read and write buffers live as long as it does, and a websocket uses
        neither (it reads and writes the socket itself): eventlet's 8 + 16 KB were a third of
        the memory of each connected phone. Larger reads and writes bypass a small buffer."""

        rbufsize = wbufsize = IO_BUFFER_BYTES

        def setup(self):
            connection_census.track_http(self)
            super().setup()

        def _read_request_line(self):
            self.start_header_deadline(lambda: eventlet.Timeout(config.REQUEST_HEADER_SECONDS, HeadersTooSlow()))
            return super()._read_request_line()

        def parse_request(self):
            try:
                return super().parse_request()
            finally:
                self.headers_read()

        def finish(self):
            try:
                super().finish()
            finally:
                addresses.release(self.client_address)
                # The last request's environ holds eventlet's set_idle, a closure over this
                # handler: a cycle that kept the connection's buffers and socket objects.
                self.environ = None

    sock = eventlet.listen((config.HOST, config.PORT), backlog=BACKLOG)
    if config.CERT_FILE:
        sock = eventlet.wrap_ssl(sock, certfile=config.CERT_FILE, keyfile=config.KEY_FILE, server_side=True)
    pool = ConnectionPool(connection_limit(config.MAX_CONNECTIONS))
    server = eventlet.spawn(
        eventlet.wsgi.server,
        GuardedListener(sock, addresses, eventlet.sleep),
        app,
        custom_pool=pool,
        protocol=Protocol,
        log_output=False,
        keepalive=True,
        socket_timeout=IDLE_SECONDS,
        debug=False,  # a failure is logged here, never written to the client with its traceback
    )
    _until_stopped(stopping, lambda: server.dead, eventlet.sleep)
    if server.dead:
        try:
            server.wait()
            log.error("the HTTP server stopped by itself")
        except BaseException:
            log.exception("the HTTP server failed")
    sock.close()
    tell_clients_to_reconnect(app.extensions["socketio"])
    pool.waitall()


def serve_gevent(app, config, stopping):
    import gevent
    from gevent.pool import Pool
    from gevent.pywsgi import WSGIHandler, WSGIServer

    install_transport(app, config, "gevent")
    addresses = AddressCounts(address_cap(config))
    descriptors = OutOfDescriptors()

    class Handler(HeaderDeadline, WSGIHandler):
        def read_requestline(self):
            self.start_header_deadline(
                lambda: gevent.Timeout.start_new(config.REQUEST_HEADER_SECONDS, HeadersTooSlow())
            )
            return super().read_requestline()

        def read_request(self, raw_requestline):
            try:
                return super().read_request(raw_requestline)
            finally:
                self.headers_read()

        def run_application(self):
            super().run_application()
            if self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
                # simple-websocket served the websocket on a duplicate of this socket; read as the
                # next HTTP request, its leftover frames would be logged as garbage, and the client
                # would wait for this connection to close after its websocket did.
                self.close_connection = True

    class Server(WSGIServer):
        handler_class = Handler

        def do_read(self):
            try:
                accepted = super().do_read()
            except OSError as exc:
                if not descriptors.failed(exc):
                    raise
                # gevent's own answer is a traceback on every try; wait quietly instead
                self.stop_accepting()
                self._timer = self.loop.timer(0.05)
                self._timer.start(self._start_accepting_if_started)
                return None
            if accepted:
                descriptors.accepted()
            return accepted

        def handle(self, sock, address):
            if not addresses.admit(address):
                return  # gevent closes the socket
            try:
                sock.settimeout(IDLE_SECONDS)
                super().handle(sock, address)
            except HeadersTooSlow:
                pass
            finally:
                addresses.release(address)

    tls = {"certfile": config.CERT_FILE, "keyfile": config.KEY_FILE} if config.CERT_FILE else {}
    # Without gevent-websocket installed, Flask-SocketIO's gevent mode takes websockets from
    # simple-websocket on this plain WSGI server.
    server = Server(
        (config.HOST, config.PORT),
        app,
        backlog=BACKLOG,
        spawn=Pool(connection_limit(config.MAX_CONNECTIONS)),
        log=None,
        **tls,
    )
    server.start()
    _until_stopped(stopping, lambda: server.closed, gevent.sleep)
    server.close()
    tell_clients_to_reconnect(app.extensions["socketio"])
    server.stop(timeout=GRACE_SECONDS)


def install_transport(app, config, mode):
    from server.realtime import transport

    app.teardown_request(_drop_routing_exception)
    transport.install(
        app.extensions["socketio"].server, mode, config.SOCKET_PACKETS_PER_SECOND, config.SOCKET_PACKET_BURST
    )


def _drop_routing_exception(_exc):
    """Flask-SocketIO pushes a request context for each Socket.IO event; its URL (/socket.io/)
    matches no route, so the request keeps a NotFound whose traceback's frames hold the request
    again, and through their callers' frames the whole connection (engineio socket, websocket,
    buffers, green thread): a cycle per connect, disconnect and event, left to the collection of
    an older generation, which the raised thresholds in __main__ make rare. An HTTP 404 has been
    answered by now; nothing reads the exception after the request."""
    from flask import request

    request.routing_exception = None


def active_patches():
    """Which of Hetki's replacements of library internals run in this process (see /healthz)."""
    from server.realtime import transport
    from server.runtime.offload import async_mode

    patches = dict(transport.ACTIVE)
    if async_mode() == "eventlet":
        from server.realtime import hub

        patches.update(hub.describe())
    return patches


SERVERS = {"eventlet": serve_eventlet, "gevent": serve_gevent}


def serve(mode, app, config, stopping):
    """Serves `app` until `stopping` is non-empty (a signal handler appends to it), then stops:
    closes the listener, drops every phone's connection so that it reconnects elsewhere, waits a
    short grace for requests in flight."""
    SERVERS[mode](app, config, stopping)
