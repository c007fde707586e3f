"""The process's Redis client: a blocking pool of connections that check for stray data cheaply
and keep their file descriptors in REDIS_FDS (the eventlet hub serves those first: server/hub.py)."""

import os
import socket

import redis

REDIS_FDS = set()


class HallConnection:
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
        if reader.has_data():
            return True
        try:
            raw.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)  # b"" (closed) or a byte: both dirty
        except BlockingIOError:
            return False
        except OSError:
            return True
        return True

    registered_fd = None

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


def make_client(url: str, max_connections: int) -> redis.Redis:
    # Green threads queue for a connection instead of opening one per concurrent request.
    pool = redis.BlockingConnectionPool.from_url(
        url,
        connection_class=hall_connection_class(url),
        max_connections=max_connections,
        timeout=20,
        client_name=f"hetki-{os.getpid()}",
    )
    return redis.Redis(connection_pool=pool)
