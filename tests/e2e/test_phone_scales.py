"""Scales on a 390 px phone: NPS 0-10 and CES 1-7 on one row, the end words under the end buttons,
no colour hinting at a wanted score, hints that neither repeat the question nor presume an answer."""

from playwright.sync_api import expect

from .test_phone_types import open_poll
from .test_quiz_lobby import keep, phone_of

SCALES = (
    ("nps", "Would you recommend the conference?", 11, "Tap one number from 0 to 10"),
    ("ces", "How easy was the registration?", 7, "Tap one number from 1 to 7"),
    ("csat", "How satisfied are you with the venue?", 5, "Tap one number from 1 to 5"),
)


def box(locator):
    found = locator.bounding_box()
    assert found, locator
    return found


def test_scales_fit_one_row_with_their_end_words_under_the_end_buttons(live_organizer, open_page):
    event = live_organizer.event("Feedback")
    phone = phone_of(open_page, event, "Ada")
    for kind, question, steps, hint in SCALES:
        open_poll(live_organizer, event, type=kind, question=question, options=None)
        buttons = phone.locator(".scale-button")
        expect(buttons).to_have_count(steps)
        expect(phone.locator('[data-role="hint"]')).to_have_text(hint)
        boxes = [box(b) for b in buttons.all()]
        assert len({round(b["y"]) for b in boxes}) == 1, (kind, "wraps onto more rows")
        assert min(b["width"] for b in boxes) >= (24 if kind == "nps" else 44), kind  # WCAG 2.5.8 / a thumb
        assert min(b["height"] for b in boxes) >= 44, kind
        first, last = boxes[0], boxes[-1]
        low, high = box(phone.locator(".scale-end-low")), box(phone.locator(".scale-end-high"))
        assert low["y"] >= first["y"] + first["height"] and high["y"] >= last["y"] + last["height"], kind
        assert abs(low["x"] - first["x"]) <= 2, (kind, low, first)
        assert abs((high["x"] + high["width"]) - (last["x"] + last["width"])) <= 2, (kind, high, last)
        looks = buttons.evaluate_all(
            "bs => bs.map(b => { const s = getComputedStyle(b); return s.borderColor + s.backgroundColor + s.color })"
        )
        assert len(set(looks)) == 1, (kind, "steps look different before one is chosen", looks)
        keep(phone, f"phone-{kind}")
        buttons.nth(steps - 1).click()
        expect(phone.locator('[data-role="status"]')).to_contain_text("Answer received")


def test_finnish_scale_hints_presume_nothing(live_organizer, open_page):
    event = live_organizer.event("Palaute")
    phone = phone_of(open_page, event, "Aino", locale="fi-FI")
    open_poll(live_organizer, event, type="nps", question="Suosittelisitko tapahtumaa?", options=None)
    expect(phone.locator('[data-role="hint"]')).to_have_text("Napauta yhtä lukua väliltä 0–10")
    expect(phone.locator(".scale-end-low")).to_have_text("0 = En lainkaan todennäköisesti")
    keep(phone, "phone-nps-fi")
