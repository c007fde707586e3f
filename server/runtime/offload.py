"""CPU work off the event loop: one green loop serves every phone, so a 130 ms password hash,
a video probe or an XLSX export run on it would freeze every vote ack for that long.

`run_blocking` sends such a call to the async library's pool of OS threads and lets the loop
serve others until it returns. The offloaded function must not do I/O through the loop (no
Redis, no sockets, no logging of its own): it runs in a real thread, not a green one. Under
the Flask test client or the threading server, requests already have their own OS thread,
so the call runs directly.
"""

import os
import sys


def async_mode() -> str:
    """The library `python -m server` monkey-patched this process for (ASYNC_MODE), else "threading"."""
    eventlet = sys.modules.get("eventlet")
    if eventlet is not None and eventlet.patcher.is_monkey_patched("socket"):
        return "eventlet"
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("socket"):
        return "gevent"
    return "threading"


# At most this many offloaded calls at once per lane, the rest wait (green, costing nothing): eight
# hashes running on two cores would leave the loop thread a fraction of one. One core stays the loop's.
# Sign-ins have a lane of their own: content (video, exports, the PDF) never holds it, so a sign-in
# waits for at most the hashes ahead of it, never for a video probe.
WORKERS = max(1, (os.cpu_count() or 1) - 1)
LANES = ("content", "auth")
_slots = {}


def _slot(mode, lane, make):
    if lane not in LANES:
        raise ValueError(f"no offload lane {lane!r}")
    return _slots.get((mode, lane)) or _slots.setdefault((mode, lane), make(WORKERS))


def _in_eventlet_threads(lane, fn, *args, **kwargs):
    from eventlet import semaphore, tpool

    with _slot("eventlet", lane, semaphore.Semaphore):
        return tpool.execute(fn, *args, **kwargs)


def _in_gevent_threads(lane, fn, *args, **kwargs):
    import gevent
    from gevent.lock import BoundedSemaphore

    with _slot("gevent", lane, BoundedSemaphore):
        return gevent.get_hub().threadpool.apply(fn, args, kwargs)


def _directly(lane, fn, *args, **kwargs):
    return fn(*args, **kwargs)


RUNNERS = {"eventlet": _in_eventlet_threads, "gevent": _in_gevent_threads, "threading": _directly}


def run_blocking(fn, *args, lane="content", **kwargs):
    """fn(*args, **kwargs) without blocking the event loop; its result, or its exception raised here.
    `lane`: "auth" for sign-in hashing, else "content" (the default)."""
    return RUNNERS[async_mode()](lane, fn, *args, **kwargs)
