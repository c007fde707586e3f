"""DATA_DIR is this user's alone: the AOF holds password hashes, the folders hold the secret key and
attendees' videos. Folders are 0700 and everything Hetki, its workers and its embedded Redis create
is 0600 (umask 077), whatever the umask of the shell that started it."""

import logging
import os
from pathlib import Path

log = logging.getLogger("hetki")

UMASK = 0o077
FOLDER_MODE = 0o700


def restrict_new_files() -> None:
    """Files created from now on by this process and its children are for this user only."""
    os.umask(UMASK)


def private_folders(*folders: Path) -> None:
    """Creates the folders 0700, and makes existing ones 0700: files an older version left
    readable inside stay out of other users' reach."""
    for folder in folders:
        Path(folder).mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        try:
            os.chmod(folder, FOLDER_MODE)
        except PermissionError:  # another user's folder (a shared MEDIA_DIR): its owner decides
            log.warning("%s belongs to another user; make it 0700 so that only Hetki reads it", folder)
