"""One green thread that pings every websocket connection of the process when it is due
(server/realtime/transport.py: engineio would spawn a green thread per ping per connection)."""

import collections
import logging
import time
import weakref

log = logging.getLogger("hetki")


class Pinger:
    """Pings each connection ping_interval after its last pong, from one green thread."""

    def __init__(self, server):
        self.server = server
        # (when, weak reference to a connection), in time order as the interval is fixed. Weak: a
        # connection that closes meanwhile is freed at once, not a ping interval later.
        self.due = collections.deque()
        self.running = False

    def schedule(self, connection):
        self.due.append((time.monotonic() + self.server.ping_interval, weakref.ref(connection)))
        if not self.running:
            self.running = True
            self.server.start_background_task(self._run)

    def _run(self):
        try:
            while self.due:
                wait = self.due[0][0] - time.monotonic()
                if wait > 0:
                    self.server.sleep(wait)
                    continue
                connection = self.due.popleft()[1]()
                if connection is None:
                    continue
                try:
                    connection.ping()
                except Exception:
                    log.exception("ping to %s failed", connection.sid)
                connection = None  # not held while this thread sleeps
        finally:
            self.running = False
