"""The process's Redis client: a blocking pool of connections that check for stray data cheaply
and keep their file descriptors in REDIS_FDS (the eventlet hub serves those first: server/realtime/hub.py),
with every wait bounded and a breaker in front (store/health.py)."""

import os
import socket
from typing import TYPE_CHECKING

import redis
from redis.exceptions import TimeoutError as RedisTimeout

from .health import RedisHealth

REDIS_FDS: set[int] = set()

# The classes below are mixed in before a redis-py connection class (hall_connection_class, make_client):
# mypy checks them as that class's subclasses, which they are at run time.
if TYPE_CHECKING:

    class _Connection(redis.connection.AbstractConnection):
        # redis-py's __init__ sets it to None, from which mypy infers that it is always None
        _sock: socket.socket | None  # type: ignore[assignment]

else:
    _Connection = object

# A phone gives up on an ack after 5 s (audience/static/outbox.js) and a Redis command takes
# well under a millisecond: a reply not read within COMMAND_SECONDS is not coming. A request waits
# at most POOL_WAIT_SECONDS for a connection (a burst queues there: not tiny), CONNECT_SECONDS to
# connect and COMMAND_SECONDS per read or write, so it is answered within 5 s even then. Nothing
# legitimate comes near a second per command: HGETALL of a poll's 200,000 ballots takes 0.24 s
# and their DEL 0.05 s (and the timeout is per read, not per reply); exports read in batches; the
# worker's blocking read waits 1 s (server/jobs/worker.py TAKE_BLOCK_MS: keep it under COMMAND_SECONDS).
COMMAND_SECONDS = 1.5
CONNECT_SECONDS = 1.0
POOL_WAIT_SECONDS = 2.0
# /healthz answers within a second whatever Redis does: its own few connections, shorter waits.
PING_SECONDS = 0.5
PING_CONNECT_SECONDS = 0.3
PING_POOL_WAIT_SECONDS = 0.1


def _reply_waiting(raw) -> bool:
    """Whether the OS socket under a green one holds unread bytes (or was closed), in one call."""
    try:
        raw.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except BlockingIOError:
        return False
    except OSError:
        return True
    return True


class PatientSocket:
    """A green socket whose read times out only when no reply has come.

    eventlet runs the timers that are due before it looks at ready sockets. After the loop was
    held up for longer than COMMAND_SECONDS (10,000 phones voting at one instant), the timeout of
    a read whose reply had arrived meanwhile would fire first: a false "Redis does not answer"
    that opens the breaker and refuses a hall's votes for a second. Here a timed-out read looks
    at the OS socket and, when the reply is there, reads it."""

    __slots__ = ("_sock", "fd")

    def __init__(self, sock, raw):
        self._sock = sock
        self.fd = raw

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def recv_into(self, *args):
        try:
            return self._sock.recv_into(*args)
        except TimeoutError:
            if not _reply_waiting(self.fd):
                raise
        return self._sock.recv_into(*args)

    def recv(self, *args):
        try:
            return self._sock.recv(*args)
        except TimeoutError:
            if not _reply_waiting(self.fd):
                raise
        return self._sock.recv(*args)


class HallConnection(_Connection):
    """A redis-py connection that registers its socket in REDIS_FDS while connected.

    redis-py also asks every connection it hands out whether it holds unread data, with a
    zero-timeout select(). Under eventlet's monkey patching that select parks the green thread in
    the hub and back (select.poll is gone), about an eighth of the CPU of a phone connecting. A
    peek at the OS socket answers the same question in one system call."""

    def can_read(self, timeout=0):
        raw = getattr(self._sock, "fd", None)  # eventlet's GreenSocket wraps the OS socket
        reader = getattr(self._parser, "_reader", None)  # hiredis; other parsers take the slow path
        if timeout or raw is None or reader is None:
            return super().can_read(timeout)
        return reader.has_data() or _reply_waiting(raw)  # b"" (closed) or a byte: both dirty

    def _connect(self):
        sock = super()._connect()  # type: ignore[safe-super]
        raw = getattr(sock, "fd", None)  # eventlet's GreenSocket; gevent's and plain ones have none
        return sock if raw is None else PatientSocket(sock, raw)

    registered_fd: int | None = None

    def connect_check_health(self, *args, **kwargs):  # every (re)connect comes through here
        super().connect_check_health(*args, **kwargs)
        if self._sock is not None and self.registered_fd is None:
            self.registered_fd = self._sock.fileno()
            REDIS_FDS.add(self.registered_fd)

    def disconnect(self, *args, **kwargs):
        if self.registered_fd is not None:
            REDIS_FDS.discard(self.registered_fd)
            self.registered_fd = None
        super().disconnect(*args, **kwargs)


def hall_connection_class(url):
    """The connection class redis-py would use for `url`, with HallConnection's behaviour."""
    base = redis.connection.parse_url(url).get("connection_class", redis.Connection)
    return type(f"Hall{base.__name__}", (HallConnection, base), {})


class GuardedConnection(_Connection):
    """A connection that asks its pool's RedisHealth before it connects or sends, and tells it
    what came back: a reply, or a timeout."""

    health: RedisHealth  # set on the class made for each pool

    def connect_check_health(self, *args, **kwargs):
        if self._sock is None:
            self.health.check()
        try:
            super().connect_check_health(*args, **kwargs)
        except RedisTimeout:
            self.health.timed_out()
            raise

    def send_packed_command(self, *args, **kwargs):
        self.health.check()  # also after a wait for this connection: the breaker may have opened
        try:
            super().send_packed_command(*args, **kwargs)
        except RedisTimeout:
            self.health.timed_out()
            raise

    def read_response(self, *args, **kwargs):
        try:
            response = super().read_response(*args, **kwargs)
        except RedisTimeout:
            self.health.timed_out()
            raise
        self.health.answered()
        return response


class GuardedPool(redis.BlockingConnectionPool):
    """Refuses at once, rather than queueing for a connection, while the breaker is open."""

    def get_connection(self, *args, **kwargs):
        self.connection_class.health.check()
        return super().get_connection(*args, **kwargs)


def make_client(url: str, max_connections: int, health: RedisHealth) -> redis.Redis:
    # Green threads queue for a connection instead of opening one per concurrent request.
    connection_class = type("Guarded", (GuardedConnection, hall_connection_class(url)), {"health": health})
    pool = GuardedPool.from_url(
        url,
        connection_class=connection_class,
        max_connections=max_connections,
        timeout=POOL_WAIT_SECONDS,
        socket_timeout=COMMAND_SECONDS,
        socket_connect_timeout=CONNECT_SECONDS,
        client_name=f"hetki-{os.getpid()}",
    )
    return redis.Redis(connection_pool=pool)


def make_ping_client(url: str) -> redis.Redis:
    """A few connections of their own for /healthz, with no handshake to wait for (no client name,
    no CLIENT SETINFO): a reply within PING_SECONDS, or a timeout."""
    pool = redis.BlockingConnectionPool.from_url(
        url,
        connection_class=hall_connection_class(url),
        max_connections=4,
        timeout=PING_POOL_WAIT_SECONDS,
        socket_timeout=PING_SECONDS,
        socket_connect_timeout=PING_CONNECT_SECONDS,
        driver_info=None,
    )
    return redis.Redis(connection_pool=pool)
