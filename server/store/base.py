"""What every topic store shares: the client, its scripts, and decoding Redis replies.

redis-py types a reply as `bytes | str` (str when a client decodes responses); ours never does, so
replies are bytes. `text` and `texts` take either and give text, so the topic stores stay typed
without a cast at every call; the hash decoders, on the vote and broadcast paths, take any mapping
and decode bytes as before (an isinstance per field costs ~20 % of their time)."""

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

import redis
from redis.client import Pipeline

LUA_DIR = Path(__file__).parent / "lua"

T = TypeVar("T")
Raw = bytes | str


def text(raw: Raw) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


def texts(raw: Iterable[Any]) -> list[str]:
    """A list reply (LRANGE, SMEMBERS, ZRANGE without scores, SPOP with a count) as text."""
    return [text(item) for item in raw]


def with_scores(reply: object) -> list[tuple[bytes, float]]:
    """A ZRANGE … WITHSCORES reply: redis-py's types do not tell it from one without scores."""
    return cast(list[tuple[bytes, float]], reply)


def decode_hash(raw: Mapping[Any, Any]) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in raw.items()}


def decode_pairs(flat: list) -> dict[str, str]:
    """A flat [field, value, ...] reply (as HGETALL returns inside Lua) as a dict."""
    return {flat[i].decode(): flat[i + 1].decode() for i in range(0, len(flat), 2)}


def decode_json_hash(raw: Mapping[Any, Any]) -> dict[str, Any]:
    return {k.decode(): json.loads(v) for k, v in raw.items()}


def decode_str(raw: Raw | None) -> str | None:
    return text(raw) if raw is not None else None


class TopicStore:
    """One topic's Redis commands over the process's shared client."""

    def __init__(self, client: redis.Redis):
        self.redis = client

    def script(self, name: str):
        return self.redis.register_script((LUA_DIR / name).read_text())

    def transact(self, attempt: Callable[[Pipeline], T], *watches: str) -> T:
        """`attempt(pipe)` with `watches` WATCHed, run again until its MULTI/EXEC goes through:
        what it returned (redis-py's `transaction` types that as any reply)."""
        run: Callable[[Pipeline], Any] = attempt  # redis-py types `func` as returning None
        return cast(T, self.redis.transaction(run, *watches, value_from_callable=True))

    def write_while_exists(self, key: str, writes: Callable[[Pipeline], object]) -> bool:
        """Runs the commands `writes(pipe)` queues as one MULTI/EXEC, only while `key` exists:
        False (nothing written) once it is gone. WATCHed, so a deletion between the check and
        the write aborts it and the check runs again. An event's writes pass its hash: erasure
        deletes that first (EventStore.delete), so a write racing it never re-creates a key."""

        def attempt(pipe: Pipeline) -> bool:
            if not pipe.exists(key):
                return False
            pipe.multi()
            writes(pipe)
            return True

        return self.transact(attempt, key)
