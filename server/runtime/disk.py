"""Free space kept for Redis: uploads stop while the disks under MEDIA_DIR and DATA_DIR have less.

In the default layout the media and the embedded Redis' append-only file share one disk. Redis
refuses every write (MISCONF) once its AOF cannot grow, and then votes and sign-ins fail too; a
reserve that uploads never take keeps room for the AOF (and its rewrite) long after uploads get 507.
"""

import os
from pathlib import Path

from ..domain import StorageFull


class DiskReserve:
    def __init__(self, paths, reserve_bytes: int, reserve_percent: float):
        self.paths = [Path(p) for p in paths]
        self.reserve_bytes = reserve_bytes
        self.reserve_percent = reserve_percent

    def reserve_of(self, total: int) -> int:
        """The bytes kept free on a disk of `total` bytes: the larger of the two settings."""
        return max(self.reserve_bytes, int(total * self.reserve_percent / 100))

    def ensure_room(self, incoming_bytes: int = 0) -> None:
        """StorageFull if writing `incoming_bytes` more would leave any watched disk below its reserve."""
        seen = set()
        for path in self.paths:
            path = _existing(path)
            disk = path.stat().st_dev
            if disk in seen:
                continue
            seen.add(disk)
            stat = os.statvfs(path)
            free, total = stat.f_bavail * stat.f_frsize, stat.f_blocks * stat.f_frsize
            if free - incoming_bytes < self.reserve_of(total):
                raise StorageFull()


def _existing(path: Path) -> Path:
    """The path, or its nearest existing parent (a folder not made yet lives on its parent's disk)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
