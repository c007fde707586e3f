"""Calls of one Lua script from many green threads, sent together in pipelines.

A round trip from a green thread costs the server ~170 us of CPU (the socket, the hub, the
parser), the vote script itself ~16 us of Redis: with a hall voting, most of the work was
round trips. Votes that arrive in the same loop tick now share one pipeline: the first caller
leads, yields once so the others already running can queue behind it, sends everything queued
in one pipeline and hands each caller its own reply. Calls that queue while a pipeline is in
flight go in the next one, led by the first of them. Each call still runs its own EVALSHA, so
each keeps its atomicity, its reply and its error; a lost connection fails every call of that
pipeline, as it would have failed each of them alone.

Green threads or OS threads alike: it uses `threading` and `time.sleep`, which eventlet and gevent
patch. Without patching (the test client) it still works, batches are just smaller.
"""

import copy
import threading
import time

from redis.exceptions import NoScriptError

MAX_BATCH = 256  # calls per pipeline: bounds the wait of the last call in a burst


class _Call:
    __slots__ = ("args", "done", "error", "keys", "leads", "reply")

    def __init__(self, keys, args):
        self.keys, self.args = keys, args
        self.reply = self.error = None
        self.leads = False  # woken to lead the next pipeline rather than with its reply
        self.done = threading.Event()


class ScriptBatcher:
    """Runs one registered Script (redis-py's register_script) for many callers at once."""

    def __init__(self, client, script):
        self.redis = client
        self.script = script
        self._lock = threading.Lock()
        self._queued = []
        self._busy = False  # a leader is gathering or sending a pipeline

    def __call__(self, keys, args):
        call = _Call(keys, args)
        with self._lock:
            self._queued.append(call)
            leads = call.leads = not self._busy
            self._busy = True
        if not leads:
            call.done.wait()
        if call.leads:
            self._lead()
        if call.error is not None:
            raise call.error
        return call.reply

    def _lead(self):
        time.sleep(0)  # one turn of the loop: votes read in this tick join the pipeline
        with self._lock:
            batch, self._queued = self._queued[:MAX_BATCH], self._queued[MAX_BATCH:]
        try:
            self._send(batch)
        finally:
            with self._lock:
                if self._queued:  # the first call that queued meanwhile leads the next pipeline
                    self._queued[0].leads = True
                    self._queued[0].done.set()
                else:
                    self._busy = False
            for call in batch:
                if not call.leads:
                    call.done.set()

    def _send(self, batch):
        try:
            replies = self._pipeline(batch)
            if any(isinstance(reply, NoScriptError) for reply in replies):  # Redis restarted or flushed
                self.redis.script_load(self.script.script)
                replies = self._pipeline(batch)
        except Exception as exc:  # each caller raises what the pipeline raised
            for call in batch:  # a copy each: every caller's raise adds its own traceback
                call.error = copy.copy(exc)
            return
        for call, reply in zip(batch, replies, strict=True):
            if isinstance(reply, Exception):
                call.error = reply
            else:
                call.reply = reply
        for call in batch:
            if call.leads:  # the leader's own call is done now, not leading any more
                call.leads = False

    def _pipeline(self, batch):
        pipe = self.redis.pipeline(transaction=False)
        for call in batch:
            pipe.evalsha(self.script.sha, len(call.keys), *call.keys, *call.args)
        return pipe.execute(raise_on_error=False)
