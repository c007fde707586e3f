"""The bare reference server of PERFORMANCE.md, for `bench_votes --bare`: Flask-SocketIO on
eventlet doing nothing but Hetki's vote.lua once per `vote` (a plain redis-py call, no batching,
no message queue, Flask's request context on every event as any Flask-SocketIO app has).

It speaks just enough of Hetki's protocol for the benchmark's crowd: POST /api/v1/join/<code>,
/audience with {code, participant} and `vote` with an ack, the poll's results over HTTP. It sets
up its one event and open `single` poll itself (POST /bare/setup). What a vote costs here is the
floor of this stack; Hetki's figure next to it shows what everything else costs.

    REDIS_URL=unix:///path/redis.sock PORT=5001 python -m tests.load.bare_server
"""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")  # as server/runtime/serving.py does
import eventlet  # noqa: E402
import eventlet.wsgi  # noqa: E402

eventlet.monkey_patch()

import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import time  # noqa: E402

import redis  # noqa: E402
from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402
from socketio.exceptions import ConnectionRefusedError as Refused  # noqa: E402

from server.store.base import LUA_DIR  # noqa: E402
from server.store.keys import Keys  # noqa: E402

EID, PID, CODE = "bare-event", "bare-poll", "BARE22"
OPTIONS = ("o1", "o2", "o3", "o4")

app = Flask(__name__)
socketio = SocketIO(app, async_mode="eventlet", ping_interval=20, ping_timeout=20)
client = redis.Redis(connection_pool=redis.BlockingConnectionPool.from_url(os.environ["REDIS_URL"], max_connections=64))
vote_script = client.register_script((LUA_DIR / "vote.lua").read_text())
phones = {}  # sid -> participant
KEYS = Keys.vote_script(EID, PID)


@app.get("/healthz")
def healthz():
    return {"ok": True}


@app.post("/bare/setup")
def setup():
    client.hset(
        Keys.poll(EID, PID), mapping={"id": PID, "type": "single", "state": "open", "rev": "0", "free_fields": "0"}
    )
    client.hset(Keys.counts(EID, PID), mapping=dict.fromkeys(OPTIONS, 0))
    return {
        "event": {"id": EID, "code": CODE},
        "poll": {"id": PID, "options": [{"id": o, "text": o} for o in OPTIONS]},
    }


@app.post("/api/v1/join/<code>")
def join(code):
    return jsonify({"participant_token": secrets.token_urlsafe(12)}), 201


@app.get("/api/v1/polls/<pid>/results")
def results(pid):
    counts = {k.decode(): int(v) for k, v in client.hgetall(Keys.counts(EID, PID)).items()}
    return {"total": client.hlen(Keys.votes(EID, PID)), "counts": counts}


@socketio.on("connect", namespace="/audience")
def connect(auth=None):
    if not isinstance(auth, dict) or auth.get("code") != CODE or not auth.get("participant"):
        raise Refused("join first")
    phones[request.sid] = auth["participant"]


@socketio.on("disconnect", namespace="/audience")
def disconnect(reason=None):
    phones.pop(request.sid, None)


@socketio.on("vote", namespace="/audience")
def vote(data):
    value = data["value"]
    record = json.dumps({"c": data["client_vote_id"], "v": value, "k": [[value, 1]]})
    args = [phones[request.sid], data["client_vote_id"], record, int(time.time() * 1000), "0", value, 1]
    status, detail = vote_script(keys=KEYS, args=args)
    return {"ok": status == b"ok", "outcome": detail.decode()}


if __name__ == "__main__":
    # The traps PERFORMANCE.md lists: eventlet's 1,024-connection pool and 128-deep backlog.
    sock = eventlet.listen(("127.0.0.1", int(os.environ["PORT"])), backlog=4096)
    eventlet.wsgi.server(sock, app, max_size=20_000, log_output=False)
