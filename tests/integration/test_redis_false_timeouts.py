"""A reply that arrived while the event loop was held up is read, not counted as a timeout.

eventlet fires due timers before it looks at ready sockets, so without server/store/client.py's
PatientSocket a loop held up past COMMAND_SECONDS (a hall voting at one instant) turned replies that
were already there into "Redis does not answer", opened the breaker and refused everyone for a second.
"""

import json
import subprocess
import sys

from tests.helpers.servers import ROOT

HELD_UP = """
import eventlet
eventlet.monkey_patch()
import json, socket, sys
from eventlet import patcher
from server.store.client import COMMAND_SECONDS, make_client
from server.store.health import RedisHealth

client = make_client(sys.argv[1], 2, RedisHealth())
client.ping()
result = {}

def read():  # Redis replies after 0.3 s, while the loop is held up
    try:
        result["reply"] = client.execute_command("DEBUG", "SLEEP", "0.3").decode()
    except Exception as exc:
        result["error"] = type(exc).__name__

def hog(wake):  # woken inside the hub's pass over ready sockets, it holds the loop up
    wake.recv(1)
    patcher.original("time").sleep(COMMAND_SECONDS + 1)

wake, waker = socket.socketpair()
eventlet.spawn(hog, wake)
reader = eventlet.spawn(read)
eventlet.sleep(0.05)  # the reader has sent its command and waits for the reply
waker.send(b"x")
reader.wait()
result["breaker_open"] = client.connection_pool.connection_class.health.failing
print(json.dumps(result))
"""


def test_a_reply_that_came_while_the_loop_was_held_up_is_read(redis_url, redis_client):
    done = subprocess.run(
        [sys.executable, "-c", HELD_UP, redis_url], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"reply": "OK", "breaker_open": False}
