"""The organizer's brand in the browser: a branded event's logo and colour on the phone (joined by
a chosen code typed in lower case), on the projector screen, on the results page and in the PDF;
the settings page refusing a too-light colour and offering a darker one."""

import io
import re
import subprocess
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from tests.helpers.browser import PHONE, PROJECTOR, artifact

from .organizer_pages import sign_in_page

AXE = Path(__file__).resolve().parents[2] / "static/vendor/axe-core/axe.min.js"
LOGO_RGB = (255, 122, 0)  # an orange nothing of Hetki's is


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def css_rgb(hex_colour):
    return "rgb({}, {}, {})".format(*rgb(hex_colour))


def logo_png():
    out = io.BytesIO()
    Image.new("RGB", (240, 80), LOGO_RGB).save(out, format="PNG")
    return out.getvalue()


def branded_event(organizer):
    """An event with a logo and the darker green offered for a too-light one: as close to 4.5:1 as taken."""
    event = organizer.event("Brand day")
    path = f"/api/v1/events/{event['id']}"
    refused = organizer.call("PATCH", path, json={"accent_color": "#2fc15a"})
    assert refused.status == 422 and refused.body["error"]["code"] == "low_contrast", refused.body
    accent = re.findall(r"#[0-9a-f]{6}", refused.body["error"]["message"])[-1]
    reply = organizer.call("PATCH", path, json={"accent_color": accent, "code": "kesa26"})
    assert reply.status == 200, reply.body
    logo = organizer.call(
        "POST", f"/api/v1/events/{event['id']}/logo", data=logo_png(), headers={"Content-Type": "image/png"}
    )
    assert logo.status == 201, logo.body
    poll = organizer.poll(event["id"], question="Best fruit?", options=("Apple", "Pear"))
    organizer.open(poll["id"])
    return reply.body, organizer.call("GET", f"/api/v1/events/{event['id']}/brand").body


def assert_readable(page):
    """axe-core's colour contrast rule (WCAG AA) finds nothing on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    options = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["violations"]}
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)
    assert not violations, [node["target"] for v in violations for node in v["nodes"]]


def assert_logo_shown(locator):
    expect(locator).to_be_visible()
    assert locator.evaluate("img => img.complete && img.naturalWidth") > 0


def near(pixel, target, slack=40):
    return all(abs(a - b) <= slack for a, b in zip(pixel[:3], target, strict=True))


def test_a_branded_event_on_the_phone_the_screen_and_in_the_pdf(live_organizer, open_page, shot, tmp_path):
    event, brand = branded_event(live_organizer)
    assert event["code"] == "KESA26"
    accent = event["settings"]["accent_color"]

    phone = open_page("phone", **PHONE, bypass_csp=True)  # for axe
    phone.goto("/")
    phone.fill("#code", "kesa26")
    phone.locator(".join-form button").click()
    expect(phone.locator("button.option")).to_have_count(2)  # joined by the chosen code
    assert_logo_shown(phone.locator(".phone-bar .brand-logo"))
    expect(phone.locator(".phone-bar .brand")).to_have_css("color", css_rgb(accent))
    phone.locator("button.option").first.tap()
    expect(phone.locator('button.option[aria-pressed="true"]')).to_have_count(1)
    assert_readable(phone)
    shot(phone, "phone-branded")

    screen = open_page("screen", **PROJECTOR, bypass_csp=True)
    screen.goto("/p/" + event["presenter_url"].rsplit("/p/", 1)[1])
    expect(screen.locator("#join-code")).to_have_text("KESA26")
    assert_logo_shown(screen.locator(".join-panel .brand-logo"))
    expect(screen.locator("#join-code")).to_have_css("color", css_rgb(accent))
    expect(screen.locator(".stage-head .event-name")).to_have_css("color", css_rgb(brand["accent_on_dark"]))
    assert_readable(screen)
    shot(screen, "screen-branded")

    results = open_page("results", viewport={"width": 1280, "height": 800}, bypass_csp=True)
    sign_in_page(results, live_organizer.email)
    results.goto(f"/events/{event['id']}/results")
    assert_logo_shown(results.locator(".results-title .brand-logo"))
    expect(results.locator(".eyebrow")).to_have_css("color", css_rgb(accent))
    assert_readable(results)
    shot(results, "results-branded")

    reply = live_organizer.http.session.get(
        f"{live_organizer.http.base}/api/v1/events/{event['id']}/report.pdf?lang=en",
        headers={"Authorization": f"Bearer {live_organizer.token}"},
        timeout=90,
    )
    assert reply.status_code == 200, reply.text
    (tmp_path / "report.pdf").write_bytes(reply.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "report.pdf", "cover"], cwd=tmp_path, check=True
    )
    cover = Image.open(next(tmp_path.glob("cover*.png"))).convert("RGB")
    cover.save(artifact("test_brand_pdf", "cover"))
    raw = cover.tobytes()
    pixels = [raw[i : i + 3] for i in range(0, len(raw), 3)]
    assert sum(near(p, LOGO_RGB) for p in pixels) > 200, "the logo is on the cover"
    assert sum(near(p, rgb(accent), 30) for p in pixels) > 20, "the cover's Hetki is in the accent"


def test_the_settings_page_refuses_a_too_light_colour_and_takes_a_code_and_logo(
    live_organizer, open_page, shot, tmp_path
):
    event = live_organizer.event("Settings brand")
    page = open_page("settings", viewport={"width": 1280, "height": 1100})
    sign_in_page(page, live_organizer.email)
    page.goto(f"/events/{event['id']}/settings")

    page.fill("#brand-accent", "#ffe066")
    page.fill("#brand-code", "kesa27")
    page.locator("#brand-form button[type=submit]").click()
    expect(page.locator("#brand-error")).to_contain_text("4.5:1")
    suggestion = page.locator("#brand-suggestion")
    expect(suggestion).to_be_visible()
    shot(page, "too-light")
    offered = suggestion.get_attribute("data-colour")
    assert live_organizer.call("GET", f"/api/v1/events/{event['id']}").body["code"] == event["code"]  # nothing saved

    suggestion.click()
    expect(page.locator("#brand-status")).to_have_text("Saved.")
    expect(page.locator("#brand-code")).to_have_value("KESA27")
    expect(page.locator(".code-chip")).to_have_text("KESA27")
    expect(page.locator("#join-url")).to_have_value(re.compile(r"/j/KESA27$"))
    saved = live_organizer.call("GET", f"/api/v1/events/{event['id']}").body
    assert (saved["code"], saved["settings"]["accent_color"]) == ("KESA27", offered)

    (tmp_path / "logo.png").write_bytes(logo_png())
    page.set_input_files("#brand-logo-file", str(tmp_path / "logo.png"))
    assert_logo_shown(page.locator("#brand-logo"))
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    page.set_input_files("#brand-logo-file", str(svg))
    expect(page.locator("#brand-logo-error")).to_contain_text("SVG")
    shot(page, "brand-card")
