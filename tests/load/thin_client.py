"""A thin Socket.IO phone for the load generator: Engine.IO v4 over a raw websocket on asyncio
streams, with only the part of `socketio.AsyncClient` the benchmarks use (`on`, `connect`,
`call`, `disconnect`).

python-socketio spends ~40-50 us of the generator's one core on every message it receives
(engine.io and socket.io decoding, a task per event), so with 10,000 phones in one process a
message written to all of them takes the generator half a second to take in, whatever the
server does. Here one reader task per phone reads whole chunks, cuts the frames out of them and
awaits the event's handler in place: ~2-3 us a message on top of the ~7 us that the event loop's
wakeup and the recv() cost any asyncio reader (measured on a 2-CPU VM against a fake server).

Not a general client: no reconnection, no polling transport, no binary packets, no
permessage-deflate, no verification of Sec-WebSocket-Accept, one namespace per client.
"""

import asyncio
import base64
import contextlib
import json
import os
import struct
import sys
from urllib.parse import urlsplit

from socketio import exceptions

_decode = json.JSONDecoder().raw_decode
_encode = json.JSONEncoder(separators=(",", ":")).encode
_CLOSE_1000 = struct.pack("!H", 1000)


class ThinClient:
    __slots__ = (
        "_connecting",
        "_handlers",
        "_mask",
        "_namespace",
        "_next_id",
        "_pending",
        "_reader",
        "_task",
        "_writer",
        "connected",
    )

    def __init__(self):
        self._handlers = {}  # (namespace, event) -> async handler
        self._pending = {}  # ack id -> future of the call waiting for it
        self._next_id = 0
        self._mask = os.urandom(4)  # the one masking key of this client's frames
        self._namespace = "/"
        self._reader = self._writer = self._task = self._connecting = None
        self.connected = False

    # ------------------------------------------------------------------------- the interface

    def on(self, event, handler, namespace=None):
        self._handlers[namespace or "/", event] = handler

    async def connect(
        self, url, auth=None, namespaces=None, transports=None, wait_timeout=1, socketio_path="socket.io", **_
    ):
        if transports is not None and "websocket" not in transports:
            raise exceptions.ConnectionError("ThinClient speaks the websocket transport only")
        if namespaces and len(namespaces) != 1:
            raise exceptions.ConnectionError("ThinClient connects to one namespace")
        self._namespace = namespaces[0] if namespaces else "/"
        parts = urlsplit(url)
        host = parts.hostname or "127.0.0.1"
        port = parts.port or (443 if parts.scheme in ("https", "wss") else 80)
        loop = asyncio.get_running_loop()
        self._connecting = loop.create_future()
        try:
            async with asyncio.timeout(wait_timeout):
                self._reader, self._writer = await asyncio.open_connection(
                    host, port, ssl=parts.scheme in ("https", "wss") or None
                )
                key = base64.b64encode(os.urandom(16)).decode()
                self._writer.write(
                    (
                        f"GET /{socketio_path.strip('/')}/?EIO=4&transport=websocket HTTP/1.1\r\n"
                        f"Host: {host}:{port}\r\n"
                        "Upgrade: websocket\r\n"
                        "Connection: Upgrade\r\n"
                        f"Sec-WebSocket-Key: {key}\r\n"
                        "Sec-WebSocket-Version: 13\r\n"
                        "\r\n"
                    ).encode()
                )
                head = await self._reader.readuntil(b"\r\n\r\n")
                status = head.split(b"\r\n", 1)[0].split()
                if len(status) < 2 or status[1] != b"101":
                    raise exceptions.ConnectionError(f"websocket upgrade refused: {head[:200]!r}")
                self._task = asyncio.ensure_future(self._read(auth))
                await self._connecting
        except BaseException as exc:
            self.connected = False
            if self._task is not None:
                self._task.cancel()
            self._close_transport()
            if isinstance(exc, TimeoutError):
                raise exceptions.ConnectionError("connection to the server timed out") from None
            if isinstance(exc, OSError):
                raise exceptions.ConnectionError(f"cannot connect: {exc!r}") from None
            raise
        finally:
            self._connecting = None

    async def call(self, event, data=None, namespace=None, timeout=60):
        namespace = namespace or "/"
        if not self.connected or namespace != self._namespace:
            raise exceptions.BadNamespaceError(f"{namespace} is not a connected namespace.")
        self._next_id += 1
        ack_id = self._next_id
        future = asyncio.get_running_loop().create_future()
        self._pending[ack_id] = future
        args = [event] if data is None else [event, *data] if isinstance(data, tuple) else [event, data]
        prefix = "42" if namespace == "/" else f"42{namespace},"
        self._send(f"{prefix}{ack_id}{_encode(args)}")
        try:
            async with asyncio.timeout(timeout):
                args = await future
        except TimeoutError:
            raise exceptions.TimeoutError() from None
        finally:
            self._pending.pop(ack_id, None)
        if not args:
            return None
        return args[0] if len(args) == 1 else tuple(args)

    async def disconnect(self):
        if self._writer is None:
            return
        if self.connected:
            with contextlib.suppress(Exception):
                self._send("41" if self._namespace == "/" else f"41{self._namespace},")
                self._send("1")  # Engine.IO close
                self._send_frame(0x88, _CLOSE_1000)
        self._lost()
        task, self._task = self._task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        self._close_transport()

    # ------------------------------------------------------------------------- the wire

    def _send(self, text):
        self._send_frame(0x81, text.encode())

    def _send_frame(self, first_byte, data):
        n = len(data)
        if n < 126:
            header = bytes((first_byte, 0x80 | n))
        elif n < 65536:
            header = struct.pack("!BBH", first_byte, 0xFE, n)
        else:
            header = struct.pack("!BBQ", first_byte, 0xFF, n)
        mask = self._mask
        keys = (mask * (n // 4 + 1))[:n]
        masked = (int.from_bytes(data, "big") ^ int.from_bytes(keys, "big")).to_bytes(n, "big")
        self._writer.write(header + mask + masked)

    async def _read(self, auth):
        """The one reader task: whole chunks, every complete frame in them handled in turn."""
        reader = self._reader
        buf = b""
        fragments = None  # the text of an unfinished fragmented message
        try:
            while True:
                chunk = await reader.read(262144)
                if not chunk:
                    break
                buf = buf + chunk if buf else chunk
                pos, end = 0, len(buf)
                while end - pos >= 2:
                    b0, b1 = buf[pos], buf[pos + 1]
                    length, start = b1 & 0x7F, pos + 2
                    if length == 126:
                        if end - pos < 4:
                            break
                        length, start = int.from_bytes(buf[pos + 2 : pos + 4], "big"), pos + 4
                    elif length == 127:
                        if end - pos < 10:
                            break
                        length, start = int.from_bytes(buf[pos + 2 : pos + 10], "big"), pos + 10
                    if b1 & 0x80:  # a masked server frame: not allowed, but read it anyway
                        start += 4
                    if end - start < length:
                        break
                    payload = buf[start : start + length]
                    if b1 & 0x80:
                        keys = (buf[start - 4 : start] * (length // 4 + 1))[:length]
                        payload = (int.from_bytes(payload, "big") ^ int.from_bytes(keys, "big")).to_bytes(length, "big")
                    pos = start + length
                    opcode = b0 & 0x0F
                    if opcode == 1 or opcode == 2 or (opcode == 0 and fragments is not None):
                        if not b0 & 0x80:  # not the final fragment
                            fragments = (fragments or b"") + payload
                            continue
                        if fragments is not None:
                            payload, fragments = fragments + payload, None
                        if opcode != 2:
                            try:
                                await self._packet(payload.decode(), auth)
                            except (ValueError, LookupError, TypeError, AttributeError) as exc:
                                print(f"ThinClient: unreadable packet {payload[:80]!r}: {exc!r}", file=sys.stderr)
                    elif opcode == 8:
                        with contextlib.suppress(Exception):
                            self._send_frame(0x88, payload[:2])
                        return
                    elif opcode == 9:
                        self._send_frame(0x8A, payload)
                buf = buf[pos:] if pos < end else b""
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            self._lost()
            self._close_transport()

    async def _packet(self, text, auth):
        """One Engine.IO packet."""
        kind = text[0]
        if kind == "4":  # a message: a Socket.IO packet
            if len(text) < 2:
                return
            sio_type = text[1]
            if len(text) > 2 and text[2] == "/":
                comma = text.find(",", 2)
                if comma < 0:
                    namespace, i = text[2:], len(text)
                else:
                    namespace, i = text[2:comma], comma + 1
            else:
                namespace, i = "/", 2
            if sio_type == "2":  # an event
                j = i
                while j < len(text) and text[j].isdigit():  # an ack id the server wants back: unused
                    j += 1
                args = _decode(text, j)[0]
                handler = self._handlers.get((namespace, args[0]))
                if handler is not None:
                    try:
                        if len(args) == 2:
                            await handler(args[1])
                        else:
                            await handler(*args[1:])
                    except Exception as exc:
                        print(f"ThinClient: the {args[0]!r} handler failed: {exc!r}", file=sys.stderr)
            elif sio_type == "3":  # an ack
                j = i
                while j < len(text) and text[j].isdigit():
                    j += 1
                future = self._pending.get(int(text[i:j]))
                if future is not None and not future.done():
                    future.set_result(_decode(text, j)[0])
            elif sio_type == "0":  # the namespace is connected
                if namespace == self._namespace:
                    self.connected = True
                    if self._connecting is not None and not self._connecting.done():
                        self._connecting.set_result(None)
            elif sio_type == "4":  # the namespace refused the connection
                if self._connecting is not None and not self._connecting.done():
                    data = _decode(text, i)[0] if i < len(text) else None
                    message = data.get("message", data) if isinstance(data, dict) else data
                    self._connecting.set_exception(exceptions.ConnectionError(f"namespace refused: {message}"))
            elif sio_type == "1" and namespace == self._namespace:  # the server disconnected us
                self._lost()
        elif kind == "2":  # Engine.IO ping
            self._send("3" + text[1:])
        elif kind == "0":  # Engine.IO open: now connect the namespace
            ns = "" if self._namespace == "/" else f"{self._namespace},"
            self._send(f"40{ns}{_encode(auth) if auth is not None else ''}")
        elif kind == "1":  # Engine.IO close
            self._lost()

    def _lost(self):
        """Disconnected: calls still waiting for an ack fail now rather than time out."""
        self.connected = False
        if self._connecting is not None and not self._connecting.done():
            self._connecting.set_exception(exceptions.ConnectionError("the server closed the connection"))
        if self._pending:
            pending, self._pending = self._pending, {}
            for future in pending.values():
                if not future.done():
                    future.set_exception(exceptions.DisconnectedError("disconnected while waiting for an ack"))

    def _close_transport(self):
        writer = self._writer
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
