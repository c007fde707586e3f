"""The MP4 copy of a video reaction (H.264 + AAC, for PowerPoint and Keynote on a Mac), made by a
job worker after the upload (server/jobs/worker.py, server/media/transcode.py), never on a request."""

TRANSCODE_JOB = "transcode"
# queued → done | failed (with a reason)
STATES = ("queued", "done", "failed")


def transcode_job(eid, rid):
    """The queue entry that asks a worker for a reaction's MP4 copy."""
    return {"kind": TRANSCODE_JOB, "event": eid, "reaction": rid}
