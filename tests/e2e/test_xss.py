"""Attendee text is never code: 200+ XSS payloads in every attendee text field, rendered in Chromium on
the presenter screen, the phone and the organizer pages, run nothing.

Each payload calls window.__xss(N) if it ever runs; every page records such calls from an init
script, and a JavaScript dialog fails the test too. Payloads are batched: one page load shows many.
"""

import threading

import pytest
from playwright.sync_api import expect

from tests.helpers.browser import PHONE, PROJECTOR
from tests.helpers.clients import Phone, join

RECORD = """
window.__xss_calls = [];
window.__xss = (n) => { window.__xss_calls.push(String(n)); };
for (const name of ["alert", "confirm", "prompt"]) window[name] = (n) => window.__xss(`${name}:${n}`);
"""
# {c} is the call; long forms go where 280 characters fit, short ones in nicknames and words (25).
LONG = [
    "<script>{c}</script>",
    "<img src=x onerror={c}>",
    '<img src="x" onerror="{c}">',
    "<svg onload={c}>",
    "<svg><script>{c}</script></svg>",
    '"><img src=x onerror={c}>',
    "'><svg/onload={c}>",
    "</textarea><img src=x onerror={c}>",
    "</title><svg onload={c}>",
    "</script><script>{c}</script>",
    '<iframe srcdoc="<script>parent.{c}</script>"></iframe>',
    '<a href="javascript:{c}">tap</a>',
    "javascript:{c}",
    "<details open ontoggle={c}>",
    "<input autofocus onfocus={c}>",
    "<body onload={c}>",
    "<video><source onerror={c}></video>",
    "<audio src=x onerror={c}>",
    '<object data="javascript:{c}"></object>',
    '<embed src="javascript:{c}">',
    "<math><mtext><table><mglyph><style><img src=x onerror={c}>",
    '<noscript><p title="</noscript><img src=x onerror={c}>">',
    "<style>@import 'javascript:{c}';</style>",
    "<marquee onstart={c}>",
    "<img src=x onerror=&#119;indow.{c}>",
    "${{{c}}}",
    "`;{c};`",
    "{{{{constructor.constructor('{c}')()}}}}",
    '";{c};//',
    "';{c};//",
    '"}}];{c};//',
    "</script><img src=x onerror={c}>",
    "\\u003cimg src=x onerror={c}\\u003e",
    "\\x3csvg onload={c}\\x3e",
    "＜svg onload={c}＞",
    "<scr<script>ipt>{c}</scr</script>ipt>",
    "<SCRIPT>{c}</SCRIPT>",
    "<ImG sRc=x OnErRoR={c}>",
    "<svg><animate onbegin={c} attributeName=x dur=1s>",
    '<div style="background:url(javascript:{c})">',
    '<base href="javascript:{c}//">',
    '<form action="javascript:{c}"><button>go</button></form>',
    '<meta http-equiv=refresh content="0;url=javascript:{c}">',
    '<link rel=import href="data:text/html,<script>parent.{c}</script>">',
    "<img src=x:x onerror={c}>",
    "<svg><set onbegin={c} attributeName=x to=1>",
    "<x contenteditable onfocus={c} autofocus>",
    "<template><img src=x onerror={c}></template><img src=x onerror={c}>",
    "data:text/html,<script>{c}</script>",
    "<img src=x onerror=\"eval(atob('{b64}'))\">",
]
SHORT = [
    "<svg onload={c}>",
    "<script>{c}",
    "${{{c}}}",
    '"><svg onload={c}>',
    "'-{c}-'",
    "<body onload={c}>",
    "<svg/onload={c}>",
    "javascript:{c}",
    "<style onload={c}>",
    "＜svg onload={c}＞",
]


def payloads(count=210):
    """(N, long payload, short payload): every template many times, each with its own N."""
    import base64

    out = []
    for n in range(1, count + 1):
        call = f"__xss({n})"
        b64 = base64.b64encode(f"window.__xss({n})".encode()).decode()
        long = LONG[n % len(LONG)].format(c=call, b64=b64)
        short = SHORT[n % len(SHORT)].format(c=call)
        out.append((n, long, short))
    return out


PAYLOADS = payloads()


def executed(page):
    return page.evaluate("window.__xss_calls")


def shown(page, texts):
    """How many of `texts` a person can read on the page (its text, the hidden lists included)."""
    body = page.evaluate("document.body.textContent")
    return sum(1 for text in texts if text in body)


def settle(page, texts, quiet_ms=1200, most_ms=6000):
    """How many of `texts` the page shows once that number stops growing (live views redraw)."""
    best, waited, still = -1, 0, 0
    while waited < most_ms and still < quiet_ms:
        count = shown(page, texts)
        still = still + 200 if count == best else 0
        best = max(best, count)
        if best == len(texts):
            break
        page.wait_for_timeout(200)
        waited += 200
    return best


@pytest.fixture
def guarded(open_page):
    """open_page, plus the __xss recorder in every document and a failure on any dialog."""
    dialogs = []

    def guarded(label, **options):
        page = open_page(label, **options)
        page.context.add_init_script(RECORD)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        return page

    yield guarded
    assert dialogs == [], f"a payload opened a dialog: {dialogs[:5]}"


def organizer_api(live_organizer):
    def call(method, path, **kwargs):
        reply = live_organizer.call(method, path, **kwargs)
        assert reply.status < 300, (path, reply.status, reply.body)
        return reply.body

    return call


def test_no_attendee_text_runs_anywhere(live_server, live_organizer, guarded):
    api = organizer_api(live_organizer)
    event = live_organizer.event("XSS drill")
    eid, code = event["id"], event["code"]
    api("PATCH", f"/api/v1/events/{eid}", json={"moderation": False})
    api("POST", f"/api/v1/events/{eid}/reactions/open")
    walls = [live_organizer.poll(eid, type="open", question=f"Wall {i}", options=None) for i in range(4)]
    clouds = [
        live_organizer.poll(eid, type="wordcloud", question=f"Cloud {i}", options=None, max_entries=1) for i in range(2)
    ]
    quiz = live_organizer.poll(eid, type="quiz", question="Capital?", options=("Helsinki", "Turku"), correct=0)
    http = live_server.http()
    tokens = [join(http, code, short) for _, _, short in PAYLOADS]

    projector = guarded("projector", **PROJECTOR)
    projector.goto(event["presenter_url"].replace(live_server.url, ""))
    expect(projector.locator("body")).to_be_visible()

    def answer(poll, value_of, who):
        api("POST", f"/api/v1/polls/{poll['id']}/open")
        for i in who:
            reply = http.request(
                "POST",
                f"/api/v1/polls/{poll['id']}/votes",
                headers={"X-Participant-Token": tokens[i]},
                json={"value": value_of(i), "client_vote_id": f"v{poll['id']}{i}"},
            )
            assert reply.status == 200, (poll["type"], i, reply.body)

    # the presenter screen follows each live poll: four walls of 60 answers, two clouds of 105 words
    counts = {}
    for w, wall in enumerate(walls):
        who = range(w * 60, min((w + 1) * 60, len(PAYLOADS)))
        answer(wall, lambda i: PAYLOADS[i][1], who)
        counts[f"wall {w}"] = settle(projector, [PAYLOADS[i][1] for i in who])
    for c, cloud in enumerate(clouds):
        who = range(c * 105, min((c + 1) * 105, len(PAYLOADS)))
        answer(cloud, lambda i: [PAYLOADS[i][2]], who)
        counts[f"cloud {c}"] = settle(projector, [PAYLOADS[i][2].casefold() for i in who])
    assert executed(projector) == []

    # every participant asks a question under a name; the presenter's Q&A and the moderator console
    ask_all(live_server.url, code, tokens)
    projector.keyboard.press("a")
    projector.wait_for_timeout(800)
    counts["presenter Q&A"] = shown(projector, [p[1] for p in PAYLOADS])
    projector.keyboard.press("a")
    console = guarded("console", **PHONE)
    console.goto(event["presenter_url"].replace(live_server.url, "") + "/moderate")
    console.wait_for_timeout(800)
    counts["moderator console"] = shown(console, [p[1] for p in PAYLOADS])
    assert executed(console) == []

    # the quiz leaderboard shows nicknames
    answer(quiz, lambda i: quiz["options"][0]["id"], range(len(PAYLOADS)))
    api("POST", f"/api/v1/polls/{quiz['id']}/close")
    projector.keyboard.press("l")
    projector.wait_for_timeout(800)
    counts["leaderboard"] = shown(projector, [p[2] for p in PAYLOADS])
    assert executed(projector) == []

    # a phone sees a revealed wall, a revealed cloud and the Q&A
    phone = guarded("phone", **PHONE)
    phone.context.add_cookies([{"name": f"hetki_p_{eid}", "value": tokens[0], "url": live_server.url}])
    phone.goto(f"/j/{code}")
    for poll, texts in (
        (walls[3], [p[1] for p in PAYLOADS[180:]]),
        (clouds[1], [p[2].casefold() for p in PAYLOADS[105:]]),
    ):
        api("POST", f"/api/v1/polls/{poll['id']}/open")
        api("POST", f"/api/v1/polls/{poll['id']}/reveal", json={"revealed": True})
        phone.wait_for_timeout(800)
        counts[f"phone {poll['type']}"] = shown(phone, texts)
    counts["phone Q&A"] = shown(phone, [p[1] for p in PAYLOADS])
    assert executed(phone) == []

    # organizer pages: the event dashboard, the results report and the reactions gallery
    for i, (_, long, _) in enumerate(PAYLOADS):
        reply = http.request(
            "POST", f"/api/v1/join/{code}/reactions", headers={"X-Participant-Token": tokens[i]}, data={"text": long}
        )
        assert reply.status == 201, reply.body
    desk = guarded("organizer", viewport={"width": 1280, "height": 900}, locale="en-US")
    desk.goto("/login")
    desk.fill('input[name="email"]', live_organizer.email)
    desk.fill('input[name="password"]', "correct horse")
    desk.click('button[type="submit"]')
    desk.wait_for_url("**/organizer")
    for label, path in (
        ("event editor", f"/events/{eid}"),
        ("results", f"/events/{eid}/results"),
        ("gallery", f"/events/{eid}/reactions"),
    ):
        desk.goto(path)
        desk.wait_for_load_state("networkidle")
        counts[label] = shown(desk, [p[1] for p in PAYLOADS] + [p[2] for p in PAYLOADS])
        assert executed(desk) == [], label

    print("payloads shown per view:", counts)
    assert all(executed(page) == [] for page in (projector, phone, desk))
    quiet = [view for view, n in counts.items() if n == 0 and view != "event editor"]  # no attendee text there
    assert quiet == [], f"no payload was shown on {quiet}: the test would prove nothing there"


def ask_all(url, code, tokens):
    """Each participant asks one question (the per-participant limit allows five a minute)."""
    errors = []

    def ask(chunk):
        for i in chunk:
            phone = Phone(url, code, tokens[i]).connect()
            try:
                ack = phone.call("question", {"text": PAYLOADS[i][1], "name": PAYLOADS[i][2]})
                if not ack.get("ok"):
                    errors.append((i, ack))
            finally:
                phone.close()

    threads = [threading.Thread(target=ask, args=(range(k, len(tokens), 8),)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [], errors[:3]
