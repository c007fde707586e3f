"""On the big screen a long question is never cut: its type shrinks to a readable floor, then it
wraps whole, at 1280x720 and 1920x1080, with the QR panel shown or hidden, for every view; eight
options at 1280x720 stay readable."""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .test_vote_flow import wait_online

LONG = (
    "Kun ajattelette tämän päivän työpajaa kokonaisuutena, mitkä seuraavista tekoälyavusteisen "
    "asiakaspalvelun kehittämismahdollisuuksista olisivat organisaatiollenne merkityksellisimpiä "
    "seuraavan puolentoista vuoden aikana, ja miksi juuri ne eivätkä muut? ({})"
)
EIGHT = [f"Vaihtoehto {n}: asiakaspalvelun kehittäminen" for n in range(1, 9)]
# one poll per view the screen has (poll.ui.view): bars, quiz, ranking, scale, nps, cloud, wall
POLLS = [
    ("single", EIGHT, {}),
    ("multiple", EIGHT[:5], {}),
    ("quiz", EIGHT[:4], {"correct": 0, "time_limit": 120}),
    ("ranking", EIGHT[:4], {}),
    ("rating", None, {}),
    ("nps", None, {}),
    ("csat", None, {}),
    ("wordcloud", None, {}),
    ("open", None, {}),
]
FLOOR = {720: 20, 1080: 28}  # px: readable from the back of a hall

MEASURE = """() => {
    const q = document.getElementById('question');
    const style = getComputedStyle(q);
    const stage = document.getElementById('stage').getBoundingClientRect();
    const box = q.getBoundingClientRect();
    return {
        scroll: q.scrollHeight, client: q.clientHeight, size: parseFloat(style.fontSize),
        ellipsis: style.textOverflow === 'ellipsis', clamp: style.webkitLineClamp,
        inside: box.top >= stage.top && box.bottom <= stage.bottom + 0.5,
    };
}"""

ROWS = """() => {
    const chart = document.getElementById('chart').getBoundingClientRect();
    return [...document.querySelectorAll('#chart .bar-row')].map(row => {
        const box = row.getBoundingClientRect();
        return {size: parseFloat(getComputedStyle(row.querySelector('.bar-label')).fontSize),
                inside: box.top >= chart.top && box.bottom <= chart.bottom + 0.5};
    });
}"""


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
def test_a_long_question_is_whole_and_readable_in_every_view(live_organizer, open_page, shot, size):
    width, height = size
    event = live_organizer.event("Asiakaspäivä")
    polls = [
        live_organizer.poll(event["id"], type=kind, question=LONG.format(kind), options=options, **settings)
        for kind, options, settings in POLLS
    ]
    screen = open_page("projector", viewport={"width": width, "height": height}, locale="fi-FI")
    screen.goto("/p/" + event["presenter_url"].rsplit("/p/", 1)[1])
    wait_online(screen)
    for poll in polls:
        live_organizer.open(poll["id"])
        expect(screen.locator("#question")).to_have_text(poll["question"])
        for join_panel in ("shown", "hidden"):
            screen.wait_for_timeout(150)  # the ResizeObserver's refit after the panel moved
            got = screen.evaluate(MEASURE)
            where = f"{poll['type']} at {width}x{height}, QR panel {join_panel}: {got}"
            assert got["scroll"] <= got["client"], f"the question overflows its box: {where}"
            assert not got["ellipsis"] and got["clamp"] in ("none", ""), f"the question is clamped: {where}"
            assert got["inside"], f"the question runs past the stage: {where}"
            assert got["size"] >= FLOOR[height], f"the question is smaller than readable: {where}"
            if poll["type"] in ("single", "wordcloud"):
                shot(screen, f"{poll['type']}-{join_panel}")
            screen.keyboard.press("q")  # the QR panel goes (then comes back)
        if poll["type"] == "single":
            # the QR panel has just come back: the chart refits on its ResizeObserver's next frame
            with contextlib.suppress(PlaywrightTimeout):  # if it never fits, the assert below says how
                screen.wait_for_function(f"({ROWS})().every(row => row.inside)", timeout=2000, polling=100)
            rows = screen.evaluate(ROWS)
            assert len(rows) == 8, rows
            assert min(r["size"] for r in rows) >= 20, f"eight options at {width}x{height}: {rows}"
            assert all(r["inside"] for r in rows), f"an option is cut off at {width}x{height}: {rows}"
