"""The retention sweeper: a background task of the server process (not a queued job) that deletes
reaction videos past their event's retention."""

import logging

log = logging.getLogger("hetki.jobs")


def start_retention_sweeper(socketio, services, interval_seconds):
    """Deletes reaction videos past their event's retention, every `interval_seconds`."""

    def sweep_forever():
        while True:
            try:
                purged = services.reactions.purge_expired()
                if purged:
                    log.info("retention: deleted %d expired reactions", purged)
            except Exception:
                log.exception("retention sweep failed")
            socketio.sleep(interval_seconds)

    return socketio.start_background_task(sweep_forever)
