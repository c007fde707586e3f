"""The word cloud's text alternative: the words and their counts are in the DOM, on the screen and the phone."""

from playwright.sync_api import expect

from tests.helpers.browser import PHONE

from .test_presenter_types import presenter
from .test_vote_flow import join_link, wait_online


def send_words(phone, *words):
    inputs = phone.locator(".words-form input")
    for i, word in enumerate(words):
        inputs.nth(i).fill(word)
    phone.locator(".words-form .submit").click()


def test_cloud_words_and_counts_are_readable_text(live_organizer, open_page, shot):
    event = live_organizer.event("Words as text")
    cloud = live_organizer.poll(event["id"], type="wordcloud", question="One word?", options=None)
    screen = presenter(open_page, event)
    phones = [open_page(f"phone{i}", **PHONE) for i in range(2)]
    for phone in phones:
        phone.goto(join_link(event))
        wait_online(phone)
    live_organizer.open(cloud["id"])

    send_words(phones[0], "Sisu", "Kahvi")
    words = screen.get_by_role("list", name="Words sent, most frequent first")
    expect(words.get_by_role("listitem")).to_have_text(["kahvi: 1 time", "sisu: 1 time"], timeout=8000)
    send_words(phones[1], "SISU", "Sauna")  # counted as the same word, and the list follows
    expect(words.get_by_role("listitem")).to_have_text(["sisu: 2 times", "kahvi: 1 time", "sauna: 1 time"])
    items = words.locator("li").evaluate_all("lis => lis.map(li => [li.dataset.word, Number(li.dataset.count)])")
    assert items == [["sisu", 2], ["kahvi", 1], ["sauna", 1]]
    box = words.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1  # visually hidden: the canvas is what people see
    assert screen.locator("canvas.cloud").get_attribute("aria-hidden") == "true"
    shot(screen, "cloud")

    live_organizer.call("POST", f"/api/v1/polls/{cloud['id']}/reveal", json={"revealed": True})
    expect(phones[0].locator(".word-chips .chip")).to_have_text(["sisu · 2", "kahvi · 1", "sauna · 1"], timeout=8000)
