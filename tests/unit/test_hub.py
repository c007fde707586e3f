"""The eventlet hub that serves Redis replies first (server/realtime/hub.py), on real sockets and epoll: a
hall's worth of readable phone sockets cannot keep a Redis reply waiting."""

import socket

import pytest

from server.realtime import hub
from server.store.client import REDIS_FDS

READ = hub.select.EPOLLIN


@pytest.fixture
def pairs():
    made = []

    def pair():
        a, b = socket.socketpair()
        made.extend((a, b))
        return a, b

    yield pair
    for s in made:
        s.close()


def test_a_ready_redis_socket_comes_first_and_a_turn_stays_short(pairs):
    poll = hub.UrgentFirstEpoll(REDIS_FDS)
    phones = []
    for _ in range(1200):  # more ready sockets than eventlet's 1,023 a turn
        ours, theirs = pairs()
        theirs.send(b"vote")
        poll.register(ours.fileno(), READ)
        phones.append(ours.fileno())
    redis_side, redis_server = pairs()
    REDIS_FDS.add(redis_side.fileno())
    try:
        poll.register(redis_side.fileno(), READ)
        assert poll.poll(0)[0][0] != redis_side.fileno()  # nothing to read from Redis yet
        redis_server.send(b"+OK\r\n")
        events = poll.poll(0)
        assert events[0][0] == redis_side.fileno()
        assert len(events) == 1 + hub.EVENTS_PER_TURN
        assert poll.urgent_fd not in [fd for fd, _ in events]
    finally:
        REDIS_FDS.discard(redis_side.fileno())
        poll.close()


def test_a_wait_on_the_quiet_hall_wakes_for_redis(pairs):
    poll = hub.UrgentFirstEpoll(REDIS_FDS)
    redis_side, redis_server = pairs()
    REDIS_FDS.add(redis_side.fileno())
    try:
        poll.register(redis_side.fileno(), READ)
        idle_phone, _ = pairs()
        poll.register(idle_phone.fileno(), READ)
        assert poll.poll(0.05) == []
        redis_server.send(b"+OK\r\n")
        assert [fd for fd, _ in poll.poll(5)] == [redis_side.fileno()]
        poll.unregister(redis_side.fileno())
        assert poll.poll(0.05) == []
    finally:
        REDIS_FDS.discard(redis_side.fileno())
        poll.close()
