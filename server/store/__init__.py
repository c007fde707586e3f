"""All Redis access, one module per topic; key builders in keys.py, Lua scripts in lua/.

Nothing outside this package sends a Redis command (the embedded server's bookkeeping in
runtime/redis_embedded.py aside).
"""

from redis.exceptions import TimeoutError as RedisTimeout

from .access import AccessStore
from .client import COMMAND_SECONDS, CONNECT_SECONDS, make_client, make_ping_client
from .draws import DrawStore
from .events import EventStore
from .grants import GrantStore
from .health import NotAnswering, RedisHealth
from .insights import InsightsStore
from .jobs import JobStore
from .joins import JoinStore
from .keys import Keys, digest
from .organizers import OrganizerStore
from .phone_state import PhoneStateStore
from .polls import PollStore
from .questions import QuestionStore
from .reactions import ReactionStore
from .restore import RestoreStore
from .sign_ins import SignInStore
from .surveys import SurveyStore
from .text_vectors import TextVectorStore
from .transcripts import TranscriptStore
from .updates import UpdateStore

__all__ = ["Keys", "NotAnswering", "Store", "digest"]


class Store:
    """The process's Redis connection pool and one store per topic over it."""

    def __init__(self, url: str, max_connections: int = 64):
        self.url = url
        # Once a command timed out, the pool's commands are refused for a second; then one probes.
        self.health = RedisHealth(window=1.0, probe_seconds=CONNECT_SECONDS + COMMAND_SECONDS)
        self.redis = make_client(url, max_connections, self.health)
        self._pinger = make_ping_client(url)
        self.organizers = OrganizerStore(self.redis)
        self.events = EventStore(self.redis)
        self.polls = PollStore(self.redis)
        self.questions = QuestionStore(self.redis)
        self.reactions = ReactionStore(self.redis)
        self.transcripts = TranscriptStore(self.redis)
        self.insights = InsightsStore(self.redis)
        self.text_vectors = TextVectorStore(self.redis)
        self.phone_state = PhoneStateStore(self.redis)
        self.jobs = JobStore(self.redis)
        self.grants = GrantStore(self.redis)
        self.access = AccessStore(self.redis)
        self.sign_ins = SignInStore(self.redis)
        self.joins = JoinStore(self.redis)
        self.restore = RestoreStore(self.redis)
        self.surveys = SurveyStore(self.redis)
        self.draws = DrawStore(self.redis)
        self.updates = UpdateStore(self.redis)

    def ping(self) -> bool:
        """PING within a second whatever Redis does (for /healthz): raises NotAnswering at once
        while the breaker is open, else asks over connections of its own with short timeouts; a
        timeout opens the breaker for the pool too, a reply closes it."""
        if self.health.refusing():
            raise NotAnswering("Redis did not answer a moment ago.")
        try:
            answer = self._pinger.ping()
        except RedisTimeout:
            self.health.timed_out()
            raise
        self.health.answered()
        return bool(answer)
