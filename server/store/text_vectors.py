"""Each said text's embedding, kept per event so a job worker embeds a text once, not once per
remake of the themes (server/domain/vector_cache.py decides what to embed).

One hash per event, `hetki:{eid}:text-vectors`: field = a digest of the model and the text, value =
the vector as little-endian float16 (384 dimensions: 768 bytes; float16's three digits are plenty
for a cosine between unit vectors). The key matches Keys.event_pattern, so erasing the event takes
it; writes pass the event hash (write_while_exists), so a worker finishing after the erasure never
brings it back. At most MAX_VECTORS per event (~19 MB at 25,000): past that the vectors of texts no
longer said (hidden, deleted, edited) go first, and then nothing more is kept.
"""

import struct
from collections.abc import Iterable, Sequence
from typing import cast

from redis.client import Pipeline

from .base import TopicStore, texts
from .keys import Keys

MAX_VECTORS = 25_000
CHUNK = 1000  # fields per HMGET/HSET: one reply stays a few hundred KB


def vectors_key(eid: str) -> str:
    # here rather than in keys.py (near its 300 lines); hash-tagged like every key of the event
    return f"hetki:{{{eid}}}:text-vectors"


def pack(vector: Sequence[float]) -> bytes:
    return struct.pack(f"<{len(vector)}e", *vector)


def unpack(raw: bytes) -> tuple[float, ...]:
    return struct.unpack(f"<{len(raw) // 2}e", raw)


class TextVectorStore(TopicStore):
    def get_many(self, eid: str, digests: Sequence[str]) -> dict[str, tuple[float, ...]]:
        """{digest: vector} of those kept."""
        found: dict[str, tuple[float, ...]] = {}
        for start in range(0, len(digests), CHUNK):
            part = digests[start : start + CHUNK]
            for digest, raw in zip(part, self.redis.hmget(vectors_key(eid), part), strict=True):
                if raw is not None:
                    found[digest] = unpack(cast(bytes, raw))  # our client never decodes replies
        return found

    def count(self, eid: str) -> int:
        return int(self.redis.hlen(vectors_key(eid)))

    def put_many(self, eid: str, vectors: dict[str, Sequence[float]], keep: Iterable[str] = ()) -> int:
        """Keeps `vectors` ({digest: vector}) while the event exists and room is left; when they do
        not fit, the kept vectors not in `keep` (the digests of what is said now) are dropped first.
        Returns how many were kept (0 once the event is gone)."""
        if not vectors:
            return 0
        key = vectors_key(eid)
        if self.count(eid) + len(vectors) > MAX_VECTORS:
            wanted = set(keep) | set(vectors)
            stale = [field for field in texts(self.redis.hkeys(key)) if field not in wanted]
            for start in range(0, len(stale), CHUNK):
                self.redis.hdel(key, *stale[start : start + CHUNK])
        room = max(0, MAX_VECTORS - self.count(eid))
        items = [(digest, pack(vector)) for digest, vector in list(vectors.items())[:room]]
        for start in range(0, len(items), CHUNK):
            mapping: dict[str | bytes, bytes] = dict(items[start : start + CHUNK])

            def write(pipe: Pipeline, mapping=mapping) -> None:
                pipe.hset(key, mapping=mapping)

            if not self.write_while_exists(Keys.event(eid), write):
                return 0
        return len(items)
