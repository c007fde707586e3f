"""Real Socket.IO clients for tests: they connect over real sockets and record what they hear."""

import asyncio
import threading
import time
import uuid

import aiohttp
import socketio


def vote_over_http(http, poll_id, token, value, client_vote_id):
    """A participant's vote through the HTTP fallback; asserts it was taken."""
    reply = http.request(
        "POST",
        f"/api/v1/polls/{poll_id}/votes",
        json={"value": value, "client_vote_id": client_vote_id},
        headers={"X-Participant-Token": token},
    )
    assert reply.status == 200, reply.body


def join(http, code, nickname=None):
    reply = http.request("POST", f"/api/v1/join/{code}", json={"nickname": nickname} if nickname else {})
    assert reply.status == 201, reply.body
    return reply.body["participant_token"]


async def join_many(url, code, count):
    """`count` participant tokens for event `code`, joined over HTTP all at once."""
    async with aiohttp.ClientSession() as http:

        async def joined():
            async with http.post(f"{url}/api/v1/join/{code}", json={}) as reply:
                return (await reply.json())["participant_token"]

        return await asyncio.gather(*(joined() for _ in range(count)))


class Recorder:
    """A socket.io client that keeps every message it receives, with its arrival time."""

    namespace = "/"

    def __init__(self, url, auth):
        self.url, self.auth = url, auth
        self.messages = []  # (monotonic time, event name, payload)
        self.changed = threading.Condition()
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
        self.sio.on("*", self._record, namespace=self.namespace)

    def _record(self, event, payload=None):
        with self.changed:
            self.messages.append((time.monotonic(), event, payload))
            self.changed.notify_all()

    def connect(self):
        self.sio.connect(
            self.url, namespaces=[self.namespace], auth=self.auth, transports=["websocket"], wait_timeout=10
        )
        return self

    def connected(self):
        return self.namespace in self.sio.namespaces

    def close(self):
        self.sio.disconnect()

    def of(self, event):
        with self.changed:
            return [payload for _, event_name, payload in self.messages if event_name == event]

    def wait_for(self, event, predicate=lambda payload: True, timeout=5.0):
        """The first `event` payload matching predicate, waiting for it if needed."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for _, name, payload in self.messages:
                    if name == event and predicate(payload):
                        return payload
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {event} matching within {timeout}s; got {self.messages[-5:]}")
                self.changed.wait(left)

    def call(self, event, payload):
        return self.sio.call(event, payload, namespace=self.namespace, timeout=10)


class Phone(Recorder):
    namespace = "/audience"

    def __init__(self, url, code, participant):
        super().__init__(url, {"code": code, "participant": participant})

    def vote(self, poll_id, value, client_vote_id=None):
        return self.call(
            "vote", {"poll_id": poll_id, "value": value, "client_vote_id": client_vote_id or uuid.uuid4().hex}
        )


class PresenterScreen(Recorder):
    namespace = "/presenter"


async def connect_phones(url, code, count):
    async with aiohttp.ClientSession() as http:

        async def join():
            async with http.post(f"{url}/api/v1/join/{code}", json={}) as response:
                return (await response.json())["participant_token"]

        tokens = await asyncio.gather(*(join() for _ in range(count)))
    phones = []
    for chunk in range(0, count, 100):
        batch = [socketio.AsyncClient(reconnection=False) for _ in tokens[chunk : chunk + 100]]
        await asyncio.gather(
            *(
                phone.connect(
                    url,
                    namespaces=["/audience"],
                    transports=["websocket"],
                    auth={"code": code, "participant": token},
                    wait_timeout=30,
                )
                for phone, token in zip(batch, tokens[chunk : chunk + 100], strict=False)
            )
        )
        phones += batch
    return phones


async def disconnect(phones):
    await asyncio.gather(*(phone.disconnect() for phone in phones), return_exceptions=True)


async def vote_all(phones, poll_id, choose):
    async def vote(i, phone):
        return await phone.call(
            "vote",
            {"poll_id": poll_id, "value": choose(i), "client_vote_id": uuid.uuid4().hex},
            namespace="/audience",
            timeout=60,
        )

    return await asyncio.gather(*(vote(i, phone) for i, phone in enumerate(phones)))
