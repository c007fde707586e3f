"""eventlet's epoll hub, with Redis replies served before new requests.

A full hall keeps thousands of phone sockets readable at once. eventlet's hub asks epoll for at
most 1,023 ready descriptors a turn, and epoll hands them out first come, first served: a Redis
reply that lands behind 10,000 ready phones waits for all of them, ten turns of the loop, over a
second (the broadcaster's Redis reads timed out at 5 s in the benchmark). Finishing work already
started is worth more than starting new work: here the descriptors of Redis connections
(`REDIS_FDS`, kept by server/store/client.py and handed to `use` by runtime/serving.py) sit in an
epoll set of their own that is looked at first on every turn, and a turn takes at most EVENTS_PER_TURN of the others, so it stays short.
"""

import errno
import sys

from eventlet import patcher
from eventlet.hubs import epolls, hub

select = patcher.original("select")
time = patcher.original("time")

EVENTS_PER_TURN = 256


class UrgentFirstEpoll:
    """The two epoll sets behind the interface eventlet's poll hub uses (register, modify,
    unregister, poll). The urgent set's own descriptor sits in the main set, so a wait on the
    main set also wakes for an urgent descriptor."""

    def __init__(self, urgent_fds):
        self.urgent_fds = urgent_fds  # the store's live set of Redis descriptors, read at register
        self.main = select.epoll()
        self.urgent = select.epoll()
        self.urgent_fd = self.urgent.fileno()
        self.main.register(self.urgent_fd, select.EPOLLIN)
        self.in_urgent = set()

    def register(self, fd, mask):
        if fd in self.urgent_fds:
            self.urgent.register(fd, mask)
            self.in_urgent.add(fd)
        else:
            self.in_urgent.discard(fd)  # (a number reused after a Redis socket closed)
            self.main.register(fd, mask)

    def modify(self, fd, mask):
        (self.urgent if fd in self.in_urgent else self.main).modify(fd, mask)

    def unregister(self, fd):
        if fd in self.in_urgent:
            self.in_urgent.discard(fd)
            self.urgent.unregister(fd)
        else:
            self.main.unregister(fd)

    def poll(self, timeout=None):
        urgent = self.urgent.poll(0) if self.in_urgent else []
        events = self.main.poll(0 if urgent else timeout, EVENTS_PER_TURN)
        for i, (fd, _) in enumerate(events):
            if fd == self.urgent_fd:  # "look in the urgent set", not an event of its own
                del events[i]
                if not urgent:
                    urgent = self.urgent.poll(0)
                break
        return urgent + events if urgent else events

    def close(self):
        self.main.close()
        self.urgent.close()


class Hub(epolls.Hub):
    urgent_fds: "set[int] | frozenset[int]" = frozenset()  # set by use(): eventlet makes the hub itself

    def __init__(self, clock=None):
        super().__init__(clock=clock)
        self.poll.close()
        self.poll = UrgentFirstEpoll(self.urgent_fds)

    def wait(self, seconds=None):
        """eventlet's poll hub's wait, but calling back in the order the events came (urgent
        first) where eventlet gathers them in a set; its debug_blocking option is not kept."""
        readers, writers = self.listeners[self.READ], self.listeners[self.WRITE]
        if not readers and not writers:
            if seconds:
                time.sleep(seconds)
            return
        try:
            events = self.do_poll(seconds)
        except OSError as exc:
            if exc.errno == errno.EINTR:
                return
            raise
        callbacks = {}  # an ordered set: one call per listener and descriptor
        noop = hub.noop
        for fileno, event in events:
            if event & self.READ_MASK:
                callbacks[readers.get(fileno, noop), fileno] = None
            if event & self.WRITE_MASK:
                callbacks[writers.get(fileno, noop), fileno] = None
            if event & select.POLLNVAL:
                self.remove_descriptor(fileno)
                continue
            if event & self.EXC_MASK:
                callbacks[readers.get(fileno, noop), fileno] = None
                callbacks[writers.get(fileno, noop), fileno] = None
        for listener, fileno in callbacks:
            try:
                listener.cb(fileno)
            except self.SYSTEM_EXCEPTIONS:
                raise
            except BaseException:
                self.squelch_exception(fileno, sys.exc_info())


# Hub.wait replaces eventlet's poll hub's own; written and tested against this version only.
TESTED_EVENTLET = "0.41.3"


def use(urgent_fds):
    """Right after monkey patching, before anything waits on eventlet: `urgent_fds` is the set of
    Redis descriptors the store keeps up to date (store/client.py's REDIS_FDS). On an untested
    eventlet its own hub stays, and the log says so."""
    from importlib.metadata import version

    import eventlet.hubs

    if version("eventlet") != TESTED_EVENTLET:
        import logging

        logging.getLogger("hetki").warning(
            "hub: eventlet %s is not the tested %s; its own hub runs (Redis replies are not served first)",
            version("eventlet"),
            TESTED_EVENTLET,
        )
        return
    Hub.urgent_fds = urgent_fds
    unused = eventlet.hubs.get_hub()  # made by monkey_patch; nothing waits on it yet
    eventlet.hubs.use_hub(Hub)
    unused.poll.close()


def describe():
    """What the running hub is, for /healthz: whether Redis sockets are looked at first."""
    import eventlet.hubs

    current = eventlet.hubs.get_hub()
    if not isinstance(current, Hub):
        return {"hub": type(current).__module__}
    return {"hub": "urgent-first", "urgent_fds": len(current.poll.in_urgent)}
