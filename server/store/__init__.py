"""All Redis access, one module per topic; key builders in keys.py, Lua scripts in lua/.

Nothing outside this package sends a Redis command (the embedded server's bookkeeping in
redis_embedded.py aside).
"""

from .client import make_client
from .events import EventStore
from .grants import GrantStore
from .insights import InsightsStore
from .jobs import JobStore
from .joins import JoinStore
from .keys import Keys, digest
from .organizers import OrganizerStore
from .phone_state import PhoneStateStore
from .polls import PollStore
from .questions import QuestionStore
from .reactions import ReactionStore
from .sign_ins import SignInStore
from .transcripts import TranscriptStore

__all__ = ["Keys", "Store", "digest"]


class Store:
    """The process's Redis connection pool and one store per topic over it."""

    def __init__(self, url: str, max_connections: int = 64):
        self.url = url
        self.redis = make_client(url, max_connections)
        self.organizers = OrganizerStore(self.redis)
        self.events = EventStore(self.redis)
        self.polls = PollStore(self.redis)
        self.questions = QuestionStore(self.redis)
        self.reactions = ReactionStore(self.redis)
        self.transcripts = TranscriptStore(self.redis)
        self.insights = InsightsStore(self.redis)
        self.phone_state = PhoneStateStore(self.redis)
        self.jobs = JobStore(self.redis)
        self.grants = GrantStore(self.redis)
        self.sign_ins = SignInStore(self.redis)
        self.joins = JoinStore(self.redis)

    def ping(self) -> bool:
        return bool(self.redis.ping())
