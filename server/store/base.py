"""What every topic store shares: the client, its scripts, and decoding Redis replies."""

import json
from pathlib import Path

import redis

LUA_DIR = Path(__file__).parent / "lua"


def decode_hash(raw: dict) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in raw.items()}


def decode_pairs(flat: list) -> dict[str, str]:
    """A flat [field, value, ...] reply (as HGETALL returns inside Lua) as a dict."""
    return {flat[i].decode(): flat[i + 1].decode() for i in range(0, len(flat), 2)}


def decode_json_hash(raw: dict) -> dict[str, object]:
    return {k.decode(): json.loads(v) for k, v in raw.items()}


def decode_str(raw: bytes | None) -> str | None:
    return raw.decode() if raw is not None else None


class TopicStore:
    """One topic's Redis commands over the process's shared client."""

    def __init__(self, client: redis.Redis):
        self.redis = client

    def script(self, name: str):
        return self.redis.register_script((LUA_DIR / name).read_text())

    def write_while_exists(self, key: str, writes) -> bool:
        """Runs the commands `writes(pipe)` queues as one MULTI/EXEC, only while `key` exists:
        False (nothing written) once it is gone. WATCHed, so a deletion between the check and
        the write aborts it and the check runs again. An event's writes pass its hash: erasure
        deletes that first (EventStore.delete), so a write racing it never re-creates a key."""

        def attempt(pipe):
            if not pipe.exists(key):
                return False
            pipe.multi()
            writes(pipe)
            return True

        return self.redis.transaction(attempt, key, value_from_callable=True)
