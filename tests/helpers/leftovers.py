"""What a deletion or an erasure may have left behind: Redis keys and media files."""


def keys_mentioning(redis_client, *needles):
    found = []
    for key in redis_client.scan_iter(count=1000):
        value_type = redis_client.type(key)
        if any(n.encode() in key for n in needles):
            found.append(key)
        elif value_type in (b"set", b"zset"):
            members = redis_client.smembers(key) if value_type == b"set" else redis_client.zrange(key, 0, -1)
            if any(n.encode() in m for m in members for n in needles):
                found.append(key)
        elif value_type == b"string" and any(n.encode() in (redis_client.get(key) or b"") for n in needles):
            found.append(key)
    return found


def media_files(config):
    return sorted(p.relative_to(config.MEDIA_DIR).as_posix() for p in config.MEDIA_DIR.rglob("*") if p.is_file())
