"""What one Engine.IO connection's client can make the server spend: packets read within a budget,
Socket.IO events handled at once, packets waiting for a polling client. Both async modes use it
(server/realtime/transport.py installs it; under eventlet DirectSocket builds on it)."""

import logging
import threading
import time

import engineio.socket
from engineio import exceptions, packet

from server.realtime import connection_census

log = logging.getLogger("hetki")

# A client that stops reading while messages keep coming is dropped (it reconnects and is sent
# its state afresh) instead of holding an ever longer backlog in this process.
BACKLOG_FRAMES = 256
# Each connection's packets: a burst of PACKET_BURST, then PACKETS_PER_SECOND; past that the
# connection is not read until it is back within budget (its sender's kernel buffers fill and it
# waits), so one phone's flood costs the hall a few packets a second. No honest phone comes near:
# it sends a vote or a question when its person taps. Set by install() from the config.
PACKETS_PER_SECOND = 20.0
PACKET_BURST = 50
# Socket.IO events of one connection being handled at once; the next is read when one ends.
EVENTS_IN_FLIGHT = 8


class PacketBudget:
    """A token bucket: `take()` returns at once within budget, else sleeps until it is."""

    def __init__(self, sleep):
        self.sleep = sleep
        self.tokens = float(PACKET_BURST)
        self.stamp = time.monotonic()

    def take(self):
        now = time.monotonic()
        self.tokens = min(float(PACKET_BURST), self.tokens + (now - self.stamp) * PACKETS_PER_SECOND)
        self.stamp = now
        if self.tokens < 1:
            wait = (1 - self.tokens) / PACKETS_PER_SECOND
            self.sleep(wait)
            self.stamp += wait
            self.tokens = 1.0
        self.tokens -= 1


class BudgetedSocket(engineio.socket.Socket):
    """An Engine.IO connection whose client can make the server spend only so much: packets are
    read within a budget (PacketBudget), at most EVENTS_IN_FLIGHT Socket.IO events are handled at
    once (each in its own green thread, as python-socketio's `async_handlers` would, which Hetki
    turns off for this), and a polling client that never fetches its packets is dropped once
    BACKLOG_FRAMES wait, as a websocket is. Undecodable packets are dropped with one log line."""

    budget = None
    events = None  # a green semaphore of EVENTS_IN_FLIGHT

    def __init__(self, server, sid):
        super().__init__(server, sid)
        connection_census.track(self)

    def receive(self, pkt):
        if self.budget is None:
            self.budget = PacketBudget(self.server.sleep)
            self.events = threading.BoundedSemaphore(EVENTS_IN_FLIGHT)
        self.budget.take()
        if pkt.packet_type != packet.MESSAGE:
            return super().receive(pkt)
        if isinstance(pkt.data, str) and pkt.data[:1] == "2":  # a Socket.IO EVENT
            self.events.acquire()
            self.server.start_background_task(self._handle_event, pkt.data)
        else:  # CONNECT, DISCONNECT, ACK, binary parts: in order, as python-socketio handles them
            self._handle_message(pkt.data)

    def _handle_event(self, data):
        try:
            self._handle_message(data)
        finally:
            self.events.release()

    def _handle_message(self, data):
        handler = self.server.handlers.get("message")
        if handler is None:
            return
        try:
            handler(self.sid, data)
        except (ValueError, RecursionError) as exc:  # not Socket.IO, or JSON nested past the parser
            log.info("%s: undecodable packet dropped (%s)", self.sid, type(exc).__name__)
        except Exception:
            log.exception("%s: error handling a packet", self.sid)

    def handle_post_request(self, environ):
        try:
            super().handle_post_request(environ)
        except (ValueError, UnicodeDecodeError) as exc:  # engineio would log a traceback and answer 200
            log.info("%s: bad polling payload, closing connection (%s)", self.sid, exc)
            self._drop_polling()
            raise exceptions.EngineIOError() from None

    def send(self, pkt):
        if self.queue.qsize() >= BACKLOG_FRAMES and not self.closed:
            log.info("%s: the polling client is not fetching; dropping it", self.sid)
            self._drop_polling()
            return
        super().send(pkt)

    def _drop_polling(self):
        # engineio's own disconnect() would wait for the queue to drain, which a client that never
        # fetches never does; its next request is then a 400 (a closed socket left in the table
        # would make it a KeyError, a 500)
        self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_ERROR)
        self.server.sockets.pop(self.sid, None)
