"""Editions of a recurring event: linked on the settings page, compared on the results page and in
its PDF, and NPS and CSAT over time above the events list (figures worked out in helpers/editions)."""

import subprocess
from pathlib import Path

from playwright.sync_api import expect

from tests.helpers.editions import link, make_edition

from .organizer_pages import sign_in_page as sign_in

SHOTS = Path("/tmp/hk/shots/S4")
# per edition, each figure cell: value, then its change from the edition before (in English)
TABLE = [
    {"participants": "5", "nps": "0", "csat": "66.7%", "ces": "3.0", "response_rate": "80%"},
    {
        "participants": "6(+1)",
        "nps": "+50(+50)",
        "csat": "75%(+8.3)",
        "ces": "2.0(-1.0)",
        "response_rate": "83.3%(+3.3)",
    },
    {"participants": "3(-3)", "nps": "+100(+50)", "csat": "–", "ces": "–", "response_rate": "66.7%(-16.6)"},
]
TREND = "Summit 2024: NPS 0, CSAT 66.7%; Summit 2025: NPS +50, CSAT 75%; Summit 2026: NPS +100, CSAT –"


def screenshot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, animations="disabled")


def editions(organizer):
    """The three editions; the second linked to the first over the API, the third not yet."""
    first, second, third = (make_edition(organizer, t) for t in ("Summit 2024", "Summit 2025", "Summit 2026"))
    assert link(organizer, second, first).status == 200
    return first, second, third


def test_linked_editions_compared_on_the_results_page_and_in_the_pdf(live_organizer, open_page, tmp_path):
    first, second, third = editions(live_organizer)
    page = open_page("editions", viewport={"width": 1280, "height": 900})
    sign_in(page, live_organizer.email)

    page.goto(f"/events/{third['id']}/settings")
    select = page.locator("#previous-event")
    expect(select.locator("option")).to_have_count(3)  # none, and the two other events
    expect(select).to_have_value("")
    select.select_option(second["id"])
    page.click('#settings-form button[type="submit"]')
    expect(page.locator("#save-status")).to_have_text("Saved.")
    screenshot(page, "settings")
    assert live_organizer.call("GET", f"/api/v1/events/{third['id']}").body["previous_event_id"] == second["id"]
    page.reload()
    expect(page.locator("#previous-event")).to_have_value(second["id"])

    page.goto(f"/events/{third['id']}/results")
    section = page.locator("#comparison")
    expect(section).to_be_visible()
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(3)
    for index, (title, figures) in enumerate(zip(("Summit 2024", "Summit 2025", "Summit 2026"), TABLE, strict=True)):
        expect(rows.nth(index).locator(".comparison-title")).to_have_text(title)
        for name, text in figures.items():
            expect(rows.nth(index).locator(f'[data-figure="{name}"]')).to_have_text(text)
    expect(rows.nth(2)).to_have_attribute("aria-current", "true")
    screenshot(page, "results")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "results-phone-width")

    page.goto(f"/events/{first['id']}/results")  # the first edition has none before it
    expect(page.locator(".figure-card").first).to_be_visible()
    expect(page.locator("#comparison")).to_be_hidden()

    reply = live_organizer.http.session.get(
        f"{live_organizer.http.base}/api/v1/events/{third['id']}/report.pdf?lang=en",
        headers={"Authorization": f"Bearer {live_organizer.token}"},
        timeout=90,
    )
    assert reply.status_code == 200, reply.text
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(reply.content)
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "compared with earlier editions" in text.lower()
    for figure in ("Summit 2024", "Summit 2025", "83.3%", "(+8.3)", "(-16.6)"):
        assert figure in text, figure
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "3", str(pdf), str(SHOTS / "pdf")], check=True)


def test_trend_of_nps_and_csat_above_the_events_list(live_organizer, open_page):
    page = open_page("trend", viewport={"width": 1280, "height": 900})
    sign_in(page, live_organizer.email)
    first = make_edition(live_organizer, "Summit 2024")
    page.reload()
    expect(page.locator(".event")).to_have_count(1)
    expect(page.locator("#trend")).to_be_hidden()  # one event with figures is no trend yet

    make_edition(live_organizer, "Summit 2025")
    make_edition(live_organizer, "Summit 2026")
    live_organizer.event("Board meeting")  # no NPS or CSAT poll: not on the trend
    page.reload()
    trend = page.locator("#trend")
    expect(trend).to_be_visible()
    chart = trend.locator('svg[role="img"]')
    expect(chart).to_have_attribute("aria-label", f"NPS and CSAT of your events, oldest first: {TREND}")
    expect(chart.locator(".trend-nps circle")).to_have_count(3)
    expect(chart.locator(".trend-csat circle")).to_have_count(2)  # the third edition has no CSAT poll
    expect(chart.locator(f'.trend-nps circle[data-event-id="{first["id"]}"] title')).to_have_text("Summit 2024: NPS 0")
    trend.locator("summary").click()
    rows = trend.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(1).locator("td")).to_have_text(["+50", "75%"])
    expect(rows.nth(2).locator("td")).to_have_text(["+100", "–"])
    screenshot(page, "trend")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()  # the chart is drawn for the width it has
    expect(page.locator("#trend svg")).to_be_visible()
    screenshot(page, "trend-phone-width")
