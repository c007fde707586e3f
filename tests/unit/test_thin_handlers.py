"""Issue 16: handlers stay thin. HTTP and socket handlers validate, call a service and return; the
domain services tell a notifier what changed (server/domain/notifier.py), so no module under
server/web or server/realtime/sockets calls the broadcaster by hand. Read with `ast`, nothing imported.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HANDLER_ROOTS = ("server/web", "server/realtime/sockets")
EXEMPT = {"server/realtime/sockets/broadcast.py"}  # the broadcaster itself
NOTIFICATIONS = {  # the Notifier port's methods, which only the domain calls
    "poll_changed",
    "polls_changed",
    "questions_changed",
    "reactions_changed",
    "event_deleted",
    "presenter_key_revoked",
}


def _names_broadcaster(node):
    """True for `broadcaster`, `broadcaster()`, `self.broadcaster` and the like."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return "broadcaster" in node.id.lower()
    if isinstance(node, ast.Attribute):
        return "broadcaster" in node.attr.lower()
    return False


def broadcasts_by_hand(source, filename="<source>"):
    """(line, call) of every notification or broadcaster method the source calls."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr in NOTIFICATIONS or _names_broadcaster(node.func.value):
            found.append((node.lineno, ast.unparse(node.func)))
    return found


def handler_modules():
    for top in HANDLER_ROOTS:
        for path in sorted((ROOT / top).rglob("*.py")):
            if path.relative_to(ROOT).as_posix() not in EXEMPT:
                yield path


def test_the_check_sees_a_handler_broadcasting():
    source = """
def close_poll(event, poll):
    poll = services().polls.close(event["id"], poll["id"])
    broadcaster().poll_changed(event["id"])
    return jsonify(poll)

class PresenterNamespace:
    def on_settings(self, data):
        self.broadcaster.questions_changed(eid)
        self.broadcaster.resync_local()
        self.services.events.update_settings(eid, data)
"""
    assert [line for line, _ in broadcasts_by_hand(source)] == [4, 9, 10]


def test_handlers_never_broadcast_by_hand():
    modules = list(handler_modules())
    assert any(p.name == "presenter.py" for p in modules) and any(p.parent.name == "api" for p in modules)
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {call}()"
        for path in modules
        for line, call in broadcasts_by_hand(path.read_text(), str(path))
    ]
    assert not offenders, "handlers call a service, which tells the notifier:\n" + "\n".join(offenders)
