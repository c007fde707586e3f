"""The domain services of one app, built over one Store, and handed what they must not import: the
media store, the disk reserve, and the concurrency model (offload.run_blocking, also `run_blocking`
here for the web layer, which does not import the runtime either)."""

from ..domain import Invalid, NotFound, poll_types, valid_id
from ..domain.access import Access, Accounts
from ..domain.comparison import Comparison
from ..domain.draws import Draws
from ..domain.event_copies import EventCopies
from ..domain.events import Events, decode_event, event_state, moderation_view, public_event
from ..domain.exporting import EventExport
from ..domain.insights import Insights
from ..domain.notifier import LateNotifier
from ..domain.organizers import Organizers
from ..domain.participants import Participants
from ..domain.polls import Polls, decode_poll, public_poll
from ..domain.questions import MAX_SHOWN, Questions, audience_questions, own_questions
from ..domain.reactions import MAX_OWN, Caps, MediaQuota, Reactions, own_reactions, reaction_settings
from ..domain.results import Results, for_audience
from ..domain.summary import Summary
from ..domain.surveys import Surveys
from ..domain.updates import Updates, for_phone
from ..domain.votes import Votes
from ..media.images import ImageLimits, ImageStore, clean_image
from ..media.video import Budget, MediaStore
from ..web.rate_limits import RateLimits
from .disk import DiskReserve
from .offload import run_blocking


class Services:
    def __init__(self, store, config):
        self.store = store
        self.run_blocking = run_blocking
        self._notifier = notifier = LateNotifier()  # the broadcaster, once built (set_notifier)
        self.organizers = Organizers(
            store, config.TOKEN_TTL_SECONDS, config.PASSWORD_HASH_METHOD, run_blocking=run_blocking
        )
        self.events = Events(store, config.SECRET_KEY, notifier)
        self.access = Access(store, self.events, self.organizers)
        self.accounts = Accounts(store, self.organizers)
        disks = [config.MEDIA_DIR, config.DATA_DIR]
        reserve = DiskReserve(disks, config.DISK_RESERVE_BYTES, config.DISK_RESERVE_PERCENT)
        limits = ImageLimits(upload_bytes=config.IMAGE_UPLOAD_BYTES)
        self.images = EventImages(config.MEDIA_DIR, reserve, config.IMAGES_PER_EVENT, limits)
        self.polls = Polls(store, notifier, self.images)
        self.votes = Votes(store, self.polls, run_blocking)
        self.results = Results(store, self.polls, notifier)
        self.participants = Participants(store, config.SECRET_KEY)
        self.questions = Questions(store)
        budget = Budget(frames=config.MEDIA_DECODE_FRAMES, seconds=config.MEDIA_DECODE_SECONDS)
        caps = Caps(config.REACTIONS_PER_PARTICIPANT, config.REACTION_BYTES_PER_PARTICIPANT, config.REACTION_TEXT_CHARS)
        media_store = MediaStore(config.MEDIA_DIR, budget, reserve)
        quota = MediaQuota(
            config.MEDIA_VIDEOS_PER_PARTICIPANT, config.MEDIA_BYTES_PER_PARTICIPANT, config.MEDIA_BYTES_PER_EVENT
        )
        self.reactions = Reactions(
            store, media_store, config.TRANSCRIBE, caps, quota, run_blocking=run_blocking, notifier=notifier
        )
        self.draws = Draws(store, notifier)
        self.surveys = Surveys(store, self.polls, notifier, self.reactions)
        self.limits = RateLimits(store, config.RATE_LIMITS, config.LOGIN_DELAY_SECONDS)
        # A copy is a new event nobody has joined yet: made without telling anyone.
        self.copies = EventCopies(Events(store, config.SECRET_KEY), Polls(store, images=self.images), self.images)
        self.summary = Summary(store, self.polls, self.results)
        self.comparison = Comparison(self.events, self.polls, self.results, self.summary)
        self.insights = Insights(store, self.polls, config.INSIGHTS_REFRESH_SECONDS)
        self.updates = Updates(store)
        self.export = EventExport(store, self.events, self.polls, self.results, self.questions, self.images)

    def set_notifier(self, notifier):
        """Who hears what the services change (create_app: the broadcaster)."""
        self._notifier.target = notifier

    def audience_state(self, eid, participant):
        """What a phone needs to draw the event: event, live poll, own vote, revealed results.
        Read in two round trips (store.phone_state), a third only for revealed results; O(own items)."""
        raw = self.store.phone_state.read(eid, participant, MAX_SHOWN, MAX_OWN) if valid_id(eid) else None
        if raw is None:
            raise NotFound("No such event.", code="event_not_found")
        if raw["event"].get("live_poll") and raw["poll"] is None:
            raise NotFound("No such poll.", code="poll_not_found")
        event = decode_event(raw["event"])
        state = {
            "event": {**public_event(event), "moderation": moderation_view(event)},  # its own answer's fate
            "poll": None,
            "vote": None,
            "vote_id": None,  # the client_vote_id of that vote, so a phone can drop it from its outbox
            "results": None,
            "quiz": None,
            "nickname": (raw["participant"] or {}).get("nickname"),
            "questions": audience_questions(raw["questions"], participant),
            "mine": own_questions(raw["asked"], raw["upvoted"]),
            "reactions": {**reaction_settings(event), "mine": own_reactions(raw["reactions"], participant)},
            "update": for_phone(raw["update"], raw["answered"]),  # with this participant's own answers only
            "survey": self.surveys.for_phone(eid, raw["event"], participant),  # a round trip only while one is open
        }
        if raw["poll"]:
            poll = decode_poll(raw["poll"])
            state["poll"] = public_poll(poll)
            if raw["vote"]:
                state["vote"], state["vote_id"] = raw["vote"].value, raw["vote"].vote_id
                if poll_types.get(poll["type"]).moderated_answers:  # one more round trip, for its author
                    chosen = self.store.polls.answer_state(eid, poll["id"], raw["vote"].vote_id)
                    state["vote_state"] = chosen or ("pending" if event["moderate_answers"] else "approved")
            if poll["revealed"]:
                state["results"] = for_audience(poll, self.results.of_poll(poll))
            if poll_types.get(poll["type"]).has_points and poll["state"] == "closed":  # points tell a right answer
                state["quiz"] = Results.standing_of(raw["points"], raw["score"], raw["rank"])
        return state

    def presenter_state(self, eid):
        """What the presenter screen needs: the event, every poll, the live one and its results."""
        event = self.events.get(eid)
        poll = self.polls.live(eid)
        return {
            "event": {**public_event(event), "moderation": event["moderation"], "moderates": moderation_view(event)},
            "polls": self.polls.list(eid),
            "poll": poll,
            "vote": None,
            "results": self.presenter_results(poll) if poll else None,
            "questions": self.questions.for_presenter(eid),
        }

    def event_overview(self, event):
        """What the organizer's list of events shows besides the event: its state and turnout."""
        live = self.polls.live(event["id"])
        return {
            "state": event_state(event, bool(live and live["state"] == "open")),
            "participants": self.store.events.participant_count(event["id"]),
            "polls": len(self.store.polls.ids(event["id"])),
        }

    def presenter_results(self, poll):
        """Results as the presenter sees them: with the newest open answers and their moderation state."""
        return self.results.of_poll(poll, with_items=True)

    def moderate(self, eid, action):
        """Applies one presenter moderation action (see schemas.Moderate)."""
        name = action["action"]
        if name == "approve_all":  # the moderator console's: pending questions, and the poll's answers
            self.questions.approve_all(eid)
            if action["poll_id"]:
                self.results.approve_all_answers(eid, action["poll_id"])
        elif action["question_id"]:
            self.questions.moderate(eid, action["question_id"], name)
        elif action["poll_id"] and action["answer_id"]:
            state = {"approve": "approved", "hide": "hidden", "reopen": "pending"}.get(name, name)
            self.results.moderate_answer(eid, action["poll_id"], action["answer_id"], state)
        elif action["poll_id"] and name in ("show_profanity", "hide_profanity"):
            poll = self.polls.get(eid, action["poll_id"])
            if not poll_types.get(poll["type"]).filters_profanity:
                raise Invalid("Only word clouds filter profanity.", code="invalid_action")
            self.polls.update_settings(eid, poll["id"], {"show_profanity": name == "show_profanity"})
        else:
            raise Invalid("Say what to moderate: question_id, or poll_id with answer_id.", code="invalid_action")


class EventImages(ImageStore):
    """The images of events' poll options, decoded and re-encoded off the event loop (clean_image)."""

    def __init__(self, media_dir, reserve, per_event, limits: ImageLimits):
        super().__init__(media_dir, reserve, per_event)
        self.limits = limits

    def clean(self, data):
        """(WebP bytes, width, height) of an image given by someone; Invalid when it is not one we take."""
        return run_blocking(clean_image, data, self.limits)

    def accept(self, eid, data):
        webp, width, height = self.clean(data)
        image = self.keep(eid, webp)
        return {
            "image": image,
            "src": poll_types.IMAGE_PATH.format(eid=eid, image=image),
            "width": width,
            "height": height,
        }
