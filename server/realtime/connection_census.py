"""How many Engine.IO connections this process has made and not yet freed, and its memory, for
/healthz. A closed connection that is still counted here is held by something: a leak, or a
reference cycle waiting for a full collection (which the raised thresholds in __main__ make rare).
"""

import os
import weakref

_live = weakref.WeakSet()  # a WeakSet holds no connection up: its size counts those not yet freed
_made = [0]
_http_live = weakref.WeakSet()  # eventlet's handlers of HTTP connections, a websocket's included
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def track(connection):
    _live.add(connection)
    _made[0] += 1


def track_http(handler):
    _http_live.add(handler)


def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE_BYTES


def census():
    """{made, live, http_live, rss_bytes}: Engine.IO connections made since start and those not yet
    freed, HTTP connection handlers not yet freed (eventlet), resident memory."""
    try:
        rss = rss_bytes()
    except OSError:  # no /proc (not Linux)
        rss = None
    return {"made": _made[0], "live": len(_live), "http_live": len(_http_live), "rss_bytes": rss}
