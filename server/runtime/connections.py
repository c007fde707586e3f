"""What one client may hold of a server process's connections: descriptors kept below the
open-files limit, an accept() that waits out running out of them, a cap per client address, and a
deadline for a request's headers. Used by both async modes' servers (server/runtime/serving.py)."""

import collections
import errno
import logging
import resource

log = logging.getLogger("hetki")

# Descriptors kept out of MAX_CONNECTIONS for Redis connections, logs, uploads and media tools.
FD_HEADROOM = 256
OUT_OF_DESCRIPTORS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}


class HeaderDeadline:
    """For an HTTP handler class: a request's line and headers get REQUEST_HEADER_SECONDS in all,
    counted from their first byte (a kept-alive connection may wait IDLE_SECONDS for it)."""

    header_deadline = None

    def start_header_deadline(self, start_timeout):
        try:
            self.rfile.peek(1)
        except (OSError, ValueError):
            pass  # the read that follows meets it again
        self.header_deadline = start_timeout()

    def headers_read(self):
        if self.header_deadline is not None:
            self.header_deadline.cancel()
            self.header_deadline = None

    def handle_one_request(self):
        try:
            return super().handle_one_request()
        finally:
            self.headers_read()


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
