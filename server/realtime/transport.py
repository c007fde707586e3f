"""Engine.IO websocket connections under eventlet that write in place, one ping clock for all of
them, and websocket frames unmasked on whole integers.

python-engineio (4.x) gives every websocket two green threads besides the one that reads it: a
writer parked on the connection's queue, and a pinger spawned anew every ping interval. With
10,000 phones that is 20,000 parked green threads, each with its own interpreter data stack and
saved C stack, and every message (an ack, a results update) crosses a queue and a switch to
the writer. Here whoever sends a message frames it and writes it to the socket at once; only
when the kernel's buffer is full does the rest wait, in order, for a short-lived flusher. One
green thread sends every connection its ping when due. Polling connections, and a connection
until its upgrade to websocket completes, stay engineio's own.

engineio has no hook for its socket class, so `install()` replaces it in engineio's module; the
versions are pinned and tests/integration/test_transport.py holds the behaviour (pings, pongs, timeouts, full
buffers, upgrades, closes) against real clients.
"""

import collections
import logging
import socket
import time

import engineio.socket
from engineio import exceptions, packet

from server.realtime import socket_budget
from server.realtime.pinger import Pinger
from server.realtime.socket_budget import BACKLOG_FRAMES, BudgetedSocket

log = logging.getLogger("hetki")

# The kernel's send buffer per websocket, fixed: left to autotune, each of 10,000 connections may
# grow to 4 MB of kernel memory for a phone that stops reading. A hall's messages are small.
SEND_BUFFER_BYTES = 64 * 1024
_SHUT_DOWN = object()  # in a backlog: the connection ends once what precedes it is written


def _discard(frame):
    """A finished websocket's writer: eventlet's closing frame after the handler, sent already."""


class DirectSocket(BudgetedSocket):
    ws = None  # the websocket, once this connection writes in place
    raw = None  # the OS socket under it (eventlet keeps it non-blocking)
    backlog = None  # frames the kernel had no room for yet, oldest first
    hung_up = False

    def schedule_ping(self):
        if self.last_ping:  # only after the previous ping's pong (engineio's rule)
            self.last_ping = None
            pinger = getattr(self.server, "hetki_pinger", None)
            if pinger is None:
                pinger = self.server.hetki_pinger = Pinger(self.server)
            pinger.schedule(self)

    def ping(self):
        if not self.closing and not self.closed:
            self.last_ping = time.time()
            self.send(packet.Packet(packet.PING))

    def send(self, pkt):
        if self.ws is None:
            return super().send(pkt)
        if self.check_ping_timeout():
            self._write(self._frame(pkt))

    def _frame(self, pkt):
        # A room's emit hands every recipient the same packet: frame it once (no compression, see
        # _upgrade_websocket, so the frame is the same bytes for everyone).
        frame = pkt.__dict__.get("websocket_frame")
        if frame is None:
            frame = pkt.websocket_frame = self.ws._pack_message(pkt.encode())
        return frame

    def _upgrade_websocket(self, environ, start_response):
        # Browsers offer permessage-deflate and eventlet accepts it: a zlib stream of ~300 KB per
        # phone, kept for the connection's life, and every message of a room's emit compressed
        # once per phone. Messages here are a few hundred bytes; they go uncompressed.
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return super()._upgrade_websocket(environ, start_response)

    def close(self, wait=True, abort=False, reason=None):
        # Once writing in place nothing waits on the queue in engineio's writer's stead: never join
        # it then. A close during an upgrade (ws still None) is finished by _write_in_place.
        super().close(wait=wait and self.ws is None, abort=abort, reason=reason)
        if self.ws is not None:
            self._hang_up()

    def _write(self, frame):
        if self.hung_up:
            return
        if self.backlog:
            if len(self.backlog) >= BACKLOG_FRAMES:
                log.info("%s: the client is not reading; dropping it", self.sid)
                self._lost()
                return
            self.backlog.append(frame)
            return
        try:
            sent = self.raw.send(frame)
        except BlockingIOError:
            sent = 0
        except OSError:
            self._lost()
            return
        if sent < len(frame):
            self.backlog = collections.deque([frame[sent:]])
            self.server.start_background_task(self._flush)

    def _flush(self):
        try:
            while self.backlog:
                frame = self.backlog[0]
                if frame is _SHUT_DOWN:
                    self.backlog = None
                    self._shut_down()
                    return
                self.ws.socket.sendall(frame)  # green: waits for room without holding anyone else
                if self.backlog:  # (None if the connection was dropped meanwhile)
                    self.backlog.popleft()
        except OSError:
            self._lost()

    def _lost(self):
        self.backlog = None
        self.hung_up = True
        if not self.closed:
            super().close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_ERROR)
        self._shut_down()

    def _hang_up(self):
        """After a close: a websocket close frame, then the socket shut both ways, which ends the
        reading green thread (its recv returns end-of-file), which returns the connection."""
        if self.hung_up:
            return
        self.ws._send_closing_frame(ignore_send_errors=True)
        self.hung_up = True
        if self.backlog:
            self.backlog.append(_SHUT_DOWN)
        else:
            self._shut_down()

    def _shut_down(self):
        try:
            self.raw.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _write_in_place(self, ws):
        """From here on this connection's frames, the websocket's own control frames included, are
        written by _write; the packets queued before (the OPEN packet, anything held back during an
        upgrade) go first. Nothing here yields, so no send can slip in between."""
        queued = []
        while not self.queue.empty():
            item = self.queue.get(block=False)
            self.queue.task_done()
            if item is not None:
                queued.append(item)
        self.raw = ws.socket.fd
        self.raw.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER_BYTES)
        ws._send = self._write
        self.ws = ws
        for pkt in queued:  # checked when they were queued; a CLOSE among them goes out too
            self._write(self._frame(pkt))
        if self.closed:  # closed while upgrading (a ping timeout, a CLOSE over polling)
            self._hang_up()

    def _upgrade_from_polling(self, ws):
        """engineio's probe exchange (PING probe / PONG probe, NOOP to end the poll, UPGRADE)."""
        self.upgrading = True  # hold packet sends during the upgrade
        try:
            probe = packet.Packet(encoded_packet=self._receive_frame(ws))
            if probe.packet_type != packet.PING or probe.data != "probe":
                return False
            ws.send(packet.Packet(packet.PONG, data="probe").encode())
            self.queue.put(packet.Packet(packet.NOOP))  # ends the poll in flight
            upgrade = packet.Packet(encoded_packet=self._receive_frame(ws))
            if upgrade.packet_type != packet.UPGRADE:
                return False
            self.upgraded = True
            return True
        except Exception as exc:  # a frame that is no Engine.IO packet, not UTF-8, too large...
            log.info("%s: bad websocket upgrade probe (%s)", self.sid, type(exc).__name__)
            return False
        finally:
            self.upgrading = False

    @staticmethod
    def _close_failed_upgrade(ws):
        """Ends the refused websocket now, not when the collector finds it."""
        ws._send_closing_frame(ignore_send_errors=True)
        try:
            ws.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _receive_frame(self, ws):
        data = ws.wait()
        if data and len(data) > self.server.max_http_buffer_size:
            raise ValueError("packet is too large")
        return data

    def _websocket_handler(self, ws):
        if ws.socket is None or not hasattr(ws.socket, "fd") or hasattr(ws.socket, "cipher"):
            return super()._websocket_handler(ws)  # TLS here (CERT_FILE): the OS socket carries ciphertext
        ws.socket.settimeout(self.server.ping_interval + self.server.ping_timeout)
        if self.connected:
            if not self._upgrade_from_polling(ws):
                log.info("%s: failed websocket upgrade", self.sid)
                self._close_failed_upgrade(ws)
                return []
        else:
            self.connected = True
            self.upgraded = True
        self._write_in_place(ws)
        try:
            self._read_frames(ws)
            self.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_CLOSE)
        finally:
            # ws._send was self._write, and self.ws is ws: a reference cycle that, with the raised
            # collection thresholds (__main__), kept each closed connection for minutes.
            ws._send = _discard
        return []

    def _read_frames(self, ws):
        while True:
            try:
                data = self._receive_frame(ws)
            except Exception as exc:
                if not self.closed:
                    log.info('%s: unexpected error "%s", closing connection', self.sid, exc)
                return
            if data is None:  # closed by the client, or shut down by _hang_up
                return
            if self.closed:  # a backlog is still going out; nothing more is taken in
                continue
            try:
                self.receive(packet.Packet(encoded_packet=data))
            except exceptions.UnknownPacketError:
                pass
            except exceptions.SocketIsClosedError:
                return
            except Exception as exc:
                log.info("%s: bad packet, closing connection (%s)", self.sid, type(exc).__name__)
                return


def unmask_frame(data, mask, length=None, offset=0):
    """eventlet's RFC6455WebSocket._apply_mask XORs a client frame byte by byte in a Python
    generator (about 6 % of the server's CPU while a hall votes); this does it on whole integers."""
    if length is None:
        length = len(data)
    turn = offset % 4
    key = bytes(mask[turn:]) + bytes(mask[:turn])
    stream = (key * (length // 4 + 1))[:length]
    return (int.from_bytes(data[:length], "little") ^ int.from_bytes(stream, "little")).to_bytes(length, "little")


# The versions whose private internals DirectSocket and BudgetedSocket were written and tested
# against (docs/patches.md says what each override needs from upstream). On any other version
# install() leaves python-engineio's own transport in place and says so.
TESTED_VERSIONS = {"python-engineio": "4.15.1", "eventlet": "0.41.3"}
ACTIVE = {"transport": "stock"}  # what install() put in place, for /healthz and the tests


def _untested(names):
    from importlib.metadata import version

    return {name: version(name) for name in names if version(name) != TESTED_VERSIONS[name]}


def install(socketio_server, mode, packets_per_second, packet_burst):
    """For `python -m server`, before the first connection: under eventlet the websocket writes
    in place (DirectSocket); in both modes each connection reads within its budget."""
    socket_budget.PACKETS_PER_SECOND = float(packets_per_second)
    socket_budget.PACKET_BURST = int(packet_burst)
    names = ["python-engineio", "eventlet"] if mode == "eventlet" else ["python-engineio"]
    untested = _untested(names)
    if untested:
        log.warning(
            "transport: untested versions %s (tested: %s); python-engineio's own transport runs, "
            "without Hetki's per-connection packet budget or in-place websocket writes",
            untested,
            TESTED_VERSIONS,
        )
        return
    socketio_server.async_handlers = False  # BudgetedSocket spawns each event's handler itself
    if mode == "eventlet":
        import eventlet.websocket

        engineio.socket.Socket = DirectSocket
        eventlet.websocket.RFC6455WebSocket._apply_mask = staticmethod(unmask_frame)
        ACTIVE["transport"] = "direct"
    else:
        engineio.socket.Socket = BudgetedSocket
        ACTIVE["transport"] = "budgeted"
