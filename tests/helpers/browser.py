"""Debian's Chromium for the browser tests and the screenshot scripts: its arguments, the page sizes,
where screenshots go."""

import re
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # a fake camera and microphone, allowed without a prompt, for recording video reactions
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
WAIT_MS = 5_000  # how long an expect() or an action waits for the page to catch up

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-US",
}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}, "locale": "en-US"}


def artifact(test_name, label):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', test_name)}-{label}.png"
