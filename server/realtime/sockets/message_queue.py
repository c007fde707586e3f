"""The Socket.IO message queue between processes: python-socketio's RedisManager, healing by itself.

Two changes to the stock manager. Its listener backs off 1, 2, 4 … 60 s after Redis goes away, so
another process's clients stayed deaf for half a minute after Redis came back; here it tries again
every RESUBSCRIBE_SECONDS. And what was published while a listener was away is lost for good in
Redis pub/sub, so every gap ends in one resync: a process whose subscription was lost, or whose
publish gave up, has every process re-send the current state of each event to its own clients
(`on_gap`, Broadcaster.resync_local). A missed message costs one resync, never a poll unseen.
"""

import logging
import threading
import time

import redis
from socketio import RedisManager

CHANNEL = "hetki"
# "Resync your clients": published by a process whose publish gave up, so the others re-read state.
RESYNC_CHANNEL = "hetki:resync"
RESUBSCRIBE_SECONDS = 0.25
PUBLISH_TIMEOUT_SECONDS = 2.0

log = logging.getLogger("hetki.queue")


class HealingRedisManager(RedisManager):
    def __init__(self, url, connection_class, on_gap):
        options = {"connection_class": connection_class}
        super().__init__(url, channel=CHANNEL, redis_options=options)
        self.on_gap = on_gap
        # Publishing has its own client with a timeout; the listener's connection waits for messages.
        self.publisher = redis.Redis.from_url(
            url, socket_timeout=PUBLISH_TIMEOUT_SECONDS, socket_connect_timeout=PUBLISH_TIMEOUT_SECONDS, **options
        )
        self.publish_lost = False
        self._resync_lock = threading.Lock()  # green under eventlet: one resync runs, one more may wait
        self._resync_again = False

    def _publish(self, data):
        payload = self.json.dumps(data)
        for _attempt in (1, 2):
            try:
                self.publisher.publish(self.channel, payload)
            except (redis.RedisError, OSError) as exc:
                error = exc
                continue
            if self.publish_lost:
                self.heal()
            return
        if not self.publish_lost:
            log.error("message queue: a publish gave up (%s); the other processes resync when Redis answers", error)
        self.publish_lost = True

    def heal(self):
        """After a publish gave up: once Redis answers, every other process resyncs its clients.
        Called on every broadcaster tick; costs nothing while nothing was lost."""
        if not self.publish_lost:
            return
        try:
            self.publisher.publish(RESYNC_CHANNEL, self.host_id)
        except (redis.RedisError, OSError):
            return
        self.publish_lost = False
        log.warning("message queue: publishing again; the other processes resync their clients")

    def _redis_listen_with_retries(self):
        lost_at = None
        while True:
            try:
                if self.pubsub is not None:
                    self.pubsub.close()
                self._redis_connect()
                self.pubsub.subscribe(self.channel, RESYNC_CHANNEL)
                if lost_at is not None:
                    log.warning("message queue: subscribed again after %.1f s; resyncing", time.monotonic() - lost_at)
                    lost_at = None
                    self._resync()
                yield from self.pubsub.listen()
                raise redis.ConnectionError("subscription ended")
            except Exception as exc:  # whatever broke the subscription, it is made again
                if lost_at is None:
                    lost_at = time.monotonic()
                    log.error("message queue: subscription lost (%s); trying every %s s", exc, RESUBSCRIBE_SECONDS)
                time.sleep(RESUBSCRIBE_SECONDS)

    def _listen(self):
        channel, resync = self.channel.encode(), RESYNC_CHANNEL.encode()
        for message in self._redis_listen_with_retries():
            if message["type"] != "message":
                continue
            if message["channel"] == channel:
                yield message["data"]
            elif message["channel"] == resync and message["data"] != self.host_id.encode():
                self._resync()

    def _resync(self):
        """on_gap in a task of its own (the listener goes on); gaps during a resync give one more."""
        self._resync_again = True
        if self._resync_lock.acquire(blocking=False):
            self.server.start_background_task(self._resync_until_current)

    def _resync_until_current(self):
        failed = False
        try:
            while self._resync_again:
                self._resync_again = False
                try:
                    self.on_gap()
                except Exception:
                    if not failed:
                        log.exception("message queue: resync failed; trying again")
                    failed = True
                    self._resync_again = True
                    time.sleep(RESUBSCRIBE_SECONDS)
        finally:
            self._resync_lock.release()
        if self._resync_again:  # a gap came in the instant the loop ended
            self._resync()
