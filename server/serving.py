"""The HTTP server of `python -m server`, one function per async mode, and the stop they share.

Both modes listen with a backlog of 4,096 and at most MAX_CONNECTIONS connections at once (the
libraries' defaults, 128 and 1,024, refuse a hall), serve TLS when CERT_FILE is set, and stop the
same bounded way. Nothing heavy is imported at module level: `monkey_patch` runs first.
"""

import collections
import errno
import logging
import resource
import time

BACKLOG = 4096
IDLE_SECONDS = 60  # an HTTP connection that sends nothing for this long is dropped (websockets: PING_*)
# A request's line and headers must all arrive within REQUEST_HEADER_SECONDS, counted from their
# first byte: a client trickling a byte per read would otherwise hold its connection for good.
# Descriptors kept out of MAX_CONNECTIONS for Redis connections, logs, uploads and media tools.
FD_HEADROOM = 256
OUT_OF_DESCRIPTORS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
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
    from server import hub

    hub.use()


class HeadersTooSlow(TimeoutError):
    """The request line and headers did not arrive within REQUEST_HEADER_SECONDS."""


def connection_limit(configured):
    """MAX_CONNECTIONS, kept FD_HEADROOM below the open-files limit (raised to its hard limit
    first), so that connections alone never run the process out of descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    allowed = max(16, soft - FD_HEADROOM)
    if configured > allowed:
        # 20,000 is the default: just under it is what a 20,000 open-files limit allows, not news
        (log.info if configured - allowed <= FD_HEADROOM else log.warning)(
            "MAX_CONNECTIONS %d lowered to %d: the open-files limit is %d (%d kept for Redis, logs and "
            "uploads); raise it with `ulimit -n` or LimitNOFILE=",
            configured,
            allowed,
            soft,
            FD_HEADROOM,
        )
    return min(configured, allowed)


class AddressCounts:
    """Open connections per client address, at most `cap` each (0: no cap)."""

    def __init__(self, cap):
        self.cap = cap
        self.open = collections.Counter()
        self.refused = 0

    def admit(self, address):
        if not self.cap:
            return True
        host = address[0] if isinstance(address, tuple) else address
        if self.open[host] >= self.cap:
            self.refused += 1
            if self.refused == 1 or self.refused % 1000 == 0:
                log.warning(
                    "%s holds %d connections, the most one address may; %d refused", host, self.cap, self.refused
                )
            return False
        self.open[host] += 1
        return True

    def release(self, address):
        if not self.cap:
            return
        host = address[0] if isinstance(address, tuple) else address
        left = self.open[host] - 1
        if left > 0:
            self.open[host] = left
        else:
            self.open.pop(host, None)


class OutOfDescriptors:
    """Logs the first accept() that failed for want of descriptors, once until one succeeds."""

    def __init__(self):
        self.starved = False

    def failed(self, exc):
        if exc.errno not in OUT_OF_DESCRIPTORS:
            return False
        if not self.starved:
            self.starved = True
            log.error("out of file descriptors (%s): new connections wait until some close", exc.strerror)
        return True

    def accepted(self):
        if self.starved:
            self.starved = False
            log.warning("descriptors free again: accepting connections")


class GuardedListener:
    """A listening socket whose accept() survives running out of descriptors (waits, then tries
    again; the connections wait in the kernel's backlog meanwhile) and turns away an address
    that holds its cap of connections. Everything else is the socket's own."""

    def __init__(self, sock, addresses, sleep):
        self.sock, self.addresses, self.sleep = sock, addresses, sleep
        self.descriptors = OutOfDescriptors()

    def accept(self):
        while True:
            try:
                client, address = self.sock.accept()
            except OSError as exc:
                if not self.descriptors.failed(exc):
                    raise
                self.sleep(0.05)
                continue
            self.descriptors.accepted()
            if self.addresses.admit(address):
                return client, address
            client.close()

    def __getattr__(self, name):
        return getattr(self.sock, name)


def address_cap(config):
    """Behind a trusted proxy every connection comes from the proxy: the proxy caps addresses."""
    return 0 if config.TRUST_PROXY else config.MAX_CONNECTIONS_PER_ADDRESS


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

    class Protocol(eventlet.wsgi.HttpProtocol):
        """A connection's read and write buffers live as long as it does, and a websocket uses
        neither (it reads and writes the socket itself): eventlet's 8 + 16 KB were a third of
        the memory of each connected phone. Larger reads and writes bypass a small buffer."""

        rbufsize = wbufsize = IO_BUFFER_BYTES
        header_deadline = None

        def _read_request_line(self):
            # A kept-alive connection may wait IDLE_SECONDS for its next request; from the
            # request's first byte its line and headers get HEADER_SECONDS in all.
            try:
                self.rfile.peek(1)
            except (OSError, ValueError):
                pass  # the read below meets it again
            self.header_deadline = eventlet.Timeout(config.REQUEST_HEADER_SECONDS, HeadersTooSlow())
            return super()._read_request_line()

        def parse_request(self):
            try:
                return super().parse_request()
            finally:
                self._headers_read()

        def handle_one_request(self):
            try:
                return super().handle_one_request()
            finally:
                self._headers_read()

        def _headers_read(self):
            if self.header_deadline is not None:
                self.header_deadline.cancel()
                self.header_deadline = None

        def finish(self):
            try:
                super().finish()
            finally:
                addresses.release(self.client_address)

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

    class Handler(WSGIHandler):
        header_deadline = None

        def read_requestline(self):
            try:
                self.rfile.peek(1)
            except (OSError, ValueError):
                pass
            self.header_deadline = gevent.Timeout.start_new(config.REQUEST_HEADER_SECONDS, HeadersTooSlow())
            return super().read_requestline()

        def read_request(self, raw_requestline):
            try:
                return super().read_request(raw_requestline)
            finally:
                self._headers_read()

        def handle_one_request(self):
            try:
                return super().handle_one_request()
            finally:
                self._headers_read()

        def _headers_read(self):
            if self.header_deadline is not None:
                self.header_deadline.close()
                self.header_deadline = None

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
    from server import transport

    transport.install(
        app.extensions["socketio"].server, mode, config.SOCKET_PACKETS_PER_SECOND, config.SOCKET_PACKET_BURST
    )


def active_patches():
    """Which of Hetki's replacements of library internals run in this process (see /healthz)."""
    from server import transport
    from server.offload import async_mode

    patches = dict(transport.ACTIVE)
    if async_mode() == "eventlet":
        from server import hub

        patches.update(hub.describe())
    return patches


SERVERS = {"eventlet": serve_eventlet, "gevent": serve_gevent}


def serve(mode, app, config, stopping):
    """Serves `app` until `stopping` is non-empty (a signal handler appends to it), then stops:
    closes the listener, drops every phone's connection so that it reconnects elsewhere, waits a
    short grace for requests in flight."""
    SERVERS[mode](app, config, stopping)
