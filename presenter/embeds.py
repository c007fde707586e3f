"""Read-only views of the live event for other people's pages: an embed per event and per poll
(slide tools, web pages), a transparent overlay for OBS/vMix, and the page a poll's result image
is printed from. One template and one script (static/embed/) draw them all with the screen's own
result views; none has a control. The embeds and the overlay follow the presenter over the
presenter socket (their link is the presenter link's secret: see docs/running-a-session.md)."""

from flask import render_template, request

from server.web import report
from server.web.helpers import event_links, services
from server.web.i18n import speak_the_events_language
from server.web.security import embeddable, no_store

from .views import presenter

LAYOUTS = ("full", "lower-third")


def _page(event, mode, auth=None, poll=None, layout="full", printing=False):
    speak_the_events_language(event)
    hetki = services()
    data = {"poll": poll, "results": hetki.results.of_poll(poll) if poll else None}
    return render_template(
        "presenter/embed.html",
        event=event,
        mode=mode,
        auth=auth,
        layout=layout,
        printing=printing,
        data=data,
        join_host=event_links(event)["join_url"].split("://", 1)[-1].rsplit("/j/", 1)[0],
    )


@presenter.get("/p/<key>/embed")
@embeddable
@no_store
def event_embed(key):
    """The event's live view: whichever poll the presenter has live, its results as they come."""
    event = services().events.by_presenter_key(key)
    return _page(event, "event", auth={"key": key})


@presenter.get("/p/<key>/embed/<pid>")
@embeddable
@no_store
def poll_embed(key, pid):
    """One poll's results, live while it is the presenter's live poll."""
    event = services().events.by_presenter_key(key)
    return _page(event, "poll", auth={"key": key}, poll=services().polls.get(event["id"], pid))


@presenter.get("/p/<key>/overlay")
@embeddable
@no_store
def overlay(key):
    """A transparent overlay for OBS/vMix browser sources: the live poll's results and the join
    code; ?layout=lower-third puts them in a band at the bottom."""
    event = services().events.by_presenter_key(key)
    layout = request.args.get("layout", "full")
    return _page(event, "overlay", auth={"key": key}, layout=layout if layout in LAYOUTS else "full")


@presenter.get("/events/<eid>/polls/<pid>/image")
@no_store
def result_image_page(eid, pid):
    """The page a poll's result image is printed from, for the report's Chromium with a one-time
    token (server/web/api/result_images.py); its data is in the HTML: no socket, no API call."""

    def render(event):
        return _page(event, "snapshot", poll=services().polls.get(event["id"], pid), printing=True)

    return report.page_for_token(request.args.get("report", ""), eid, render)
