"""Image choice as people meet it: the organizer uploads images with alt text in the editor, a phone
answers by tapping a picture, the projector's bars and the results page show the pictures, the PDF
carries them, and axe finds every image named."""

import subprocess

from playwright.sync_api import expect

from tests.helpers import images
from tests.helpers.browser import PHONE

from .organizer_pages import sign_in_page
from .test_accessibility import AUDITED_LAPTOP, AUDITED_PHONE, Audit
from .test_vote_flow import VOTED, bar, join_link, wait_online

ALTS = ["A red circle on white", "A tall blue rectangle", "A green triangle"]
CAPTIONS = ["", "Classic", ""]


def picture_files(folder):
    files = [folder / "red.png", folder / "blue.jpg", folder / "green.webp"]
    files[0].write_bytes(images.png(120, 90))
    files[1].write_bytes(images.jpeg_with_gps(60, 120, orientation=1))
    files[2].write_bytes(images.webp(160, 90))
    return files


def make_image_poll_in_the_editor(page, files):
    form = page.locator("#add-poll form")
    form.locator('select[name="type"]').select_option("image")
    form.locator('input[name="question"]').fill("Which poster should we print?")
    for n, path in enumerate(files):
        if n >= form.locator(".option-row").count():
            form.locator(".add-option").click()
        row = form.locator(".option-row").nth(n)
        row.locator('input[type="file"]').set_input_files(str(path))
        expect(row.locator(".option-preview")).to_be_visible()
        row.locator(".option-alt").fill(ALTS[n])
        row.locator(".option-input").fill(CAPTIONS[n])
    form.locator('button[type="submit"]').click()
    expect(page.locator("#polls > li")).to_have_count(1)


def test_an_image_poll_from_the_editor_to_the_pdf(live_server, live_organizer, open_page, tmp_path):
    audit = Audit()
    event = live_organizer.event("Poster vote")
    laptop = open_page("editor", **AUDITED_LAPTOP)
    sign_in_page(laptop, live_organizer.email)
    laptop.goto(f"/events/{event['id']}")
    make_image_poll_in_the_editor(laptop, picture_files(tmp_path))
    refused = laptop.locator("#add-poll form .option-row").first
    refused.locator('input[type="file"]').set_input_files(str(_svg(tmp_path)))
    expect(refused.locator('[role="alert"]')).to_contain_text("PNG, JPEG or WebP")
    audit(laptop, "editor")

    poll = live_organizer.call("GET", f"/api/v1/events/{event['id']}/polls").body["polls"][0]
    assert [o["alt"] for o in poll["options"]] == ALTS
    assert [o["text"] for o in poll["options"]] == [ALTS[0], "Classic", ALTS[2]]  # no caption: the alt text
    live_organizer.open(poll["id"])

    projector = open_page("projector", viewport={"width": 1280, "height": 720})
    projector.goto(event["presenter_url"])
    expect(projector.locator("#chart .bar-row img.bar-thumb")).to_have_count(3)
    for n, alt in enumerate(ALTS):
        expect(bar(projector, f"o{n + 1}").locator("img")).to_have_attribute("alt", alt)

    phone = open_page("phone", **{**PHONE, **AUDITED_PHONE})
    phone.goto(join_link(event))
    wait_online(phone)
    tiles = phone.locator("button.option img")
    expect(tiles).to_have_count(3)
    assert all(
        phone.evaluate("img => img.complete && img.naturalWidth > 0", tile.element_handle()) for tile in tiles.all()
    )
    audit(phone, "phone image form")
    phone.get_by_role("button", name=ALTS[2], exact=True).tap()  # named once by its alt text, never "alt alt"
    expect(phone.locator('[data-role="status"]')).to_have_text(VOTED)
    expect(bar(projector, "o3")).to_have_attribute("data-count", "1")

    live_organizer.call("POST", f"/api/v1/polls/{poll['id']}/close")
    results = open_page("results", **AUDITED_LAPTOP)
    sign_in_page(results, live_organizer.email)
    results.goto(f"/events/{event['id']}/results")
    expect(results.locator("img.bar-thumb")).to_have_count(3)
    audit(results, "results page")
    audit.check()

    reply = live_organizer.http.session.get(
        f"{live_organizer.http.base}/api/v1/events/{event['id']}/report.pdf",
        headers={"Authorization": f"Bearer {live_organizer.token}"},
        timeout=90,
    )
    assert reply.status_code == 200, reply.text
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(reply.content)
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(listed.splitlines()) - 2 >= 3, listed  # a header of two lines, then one line per image


def _svg(folder):
    path = folder / "logo.png"  # an SVG by any name is refused: the server decodes, it never trusts names
    path.write_bytes(images.svg())
    return path
