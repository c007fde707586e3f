"""The port through which domain services say what changed, once it is stored.

The realtime layer's Broadcaster implements it (create_app wires it); elsewhere (the worker, the
CLI, tests) nothing listens and the no-op default stands.
"""


class Notifier:
    """Does nothing: a service built without a listener still works."""

    def poll_changed(self, eid: str) -> None:
        """The live poll, or a poll's state everyone sees, changed."""

    def polls_changed(self, eid: str) -> None:
        """The event's list of polls changed (created, edited, reordered)."""

    def questions_changed(self, eid: str) -> None:
        """What the Q&A shows changed."""

    def reactions_changed(self, eid: str) -> None:
        """Reactions were opened or closed."""

    def answer_moderated(self, eid: str, pid: str, answer_id: str, state: str) -> None:
        """A presenter approved or hid one open answer; its author's phone tells them."""

    def drawn(self, eid: str, draw: dict) -> None:
        """A survey's thank-you draw picked a ticket; screens show it, phones ask whether it is theirs."""

    def survey_changed(self, eid: str) -> None:
        """A survey opened or closed: phones hear which one they may answer now."""

    def event_deleted(self, eid: str) -> None:
        """The event is gone."""

    def presenter_key_revoked(self, eid: str) -> None:
        """The presenter link changed; screens using the old one lose it."""


class LateNotifier(Notifier):
    """Forwards to a notifier named after the services are built (the broadcaster needs them first)."""

    def __init__(self) -> None:
        self.target = Notifier()

    def poll_changed(self, eid: str) -> None:
        self.target.poll_changed(eid)

    def polls_changed(self, eid: str) -> None:
        self.target.polls_changed(eid)

    def questions_changed(self, eid: str) -> None:
        self.target.questions_changed(eid)

    def reactions_changed(self, eid: str) -> None:
        self.target.reactions_changed(eid)

    def answer_moderated(self, eid: str, pid: str, answer_id: str, state: str) -> None:
        self.target.answer_moderated(eid, pid, answer_id, state)

    def drawn(self, eid: str, draw: dict) -> None:
        self.target.drawn(eid, draw)

    def survey_changed(self, eid: str) -> None:
        self.target.survey_changed(eid)

    def event_deleted(self, eid: str) -> None:
        self.target.event_deleted(eid)

    def presenter_key_revoked(self, eid: str) -> None:
        self.target.presenter_key_revoked(eid)
