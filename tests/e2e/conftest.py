"""Browser fixtures: one headless Chromium per session, a fresh context per page, screenshots kept."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, PROJECTOR, WAIT_MS, artifact

expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="package")
def browser():
    """Debian's Chromium, headless, shared by every browser test; a missing browser fails, never skips.

    Package scope, not session: while Playwright's sync API is alive its asyncio loop counts as
    running on the main thread, so any later test calling asyncio.run() (tests/integration/test_concurrency.py)
    would fail. Playwright stops when pytest leaves tests/e2e/.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests "
            "(they never download a browser)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def shot(request):
    """shot(page, label): saves what the page shows now as tests/artifacts/<test>-<label>.png."""

    def shot(page, label):
        page.screenshot(path=artifact(request.node.name, label), full_page=True, animations="disabled")

    return shot


@pytest.fixture
def open_page(browser, live_server, request):
    """open_page(label, **context options): a page in its own context (its own cookies) on the live server.

    After the test each page is screenshotted as tests/artifacts/<test>-<label>.png, its context is
    closed, and an uncaught JavaScript error on any of the pages fails the test.
    """
    opened = []

    def open_page(label, **options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(f"{label}: {error}"))
        opened.append((label, context, page, errors))
        return page

    yield open_page
    uncaught = []
    for label, context, page, errors in opened:
        try:
            page.screenshot(path=artifact(request.node.name, label), full_page=True, animations="disabled")
        except PlaywrightError:
            pass
        finally:
            context.close()
        uncaught += errors
    if uncaught:
        pytest.fail("uncaught JavaScript errors:\n" + "\n".join(uncaught), pytrace=False)


@pytest.fixture
def phone(open_page):
    """An attendee's phone: 390x844 CSS px at 2x, touch, English."""
    return open_page("phone", **PHONE)


@pytest.fixture
def projector(open_page):
    """The presenter screen on a 1280x720 projector."""
    return open_page("projector", **PROJECTOR)
