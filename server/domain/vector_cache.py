"""Embeddings made once per text: the themes are remade as people write, and the model is the
costly part (~35 ms of CPU a text on this machine kind), so each remake embeds only the texts it
has not seen, and at most `budget` of them; a worker that is behind saves the keyword themes of
everything said first and goes on in the next job (Insights.make queues it), so one job stays
short and a stop or a transcript never waits minutes behind it.

A vector is kept under a digest of the model's name and the text (store/text_vectors.py): the same
words said twice are embedded once, and another model never reads the old one's vectors.
"""

import hashlib

BUDGET = 256  # texts embedded per job: ~9 CPU-s here


def text_digest(model: str, text: str) -> str:
    return hashlib.blake2b(f"{model}\0{text}".encode(), digest_size=12).hexdigest()


class VectorCache:
    """The vectors of one event's texts for one model; `embed` is the model's port
    (texts -> unit vectors, media/embeddings.py's Embedder.embed, handed in by the worker)."""

    def __init__(self, store, eid, embed, model, budget=BUDGET):
        self.store = store
        self.eid = eid
        self.embed_port = embed
        self.model = model
        self.budget = budget
        self.embedded = 0  # by this cache, this job
        self.full = False  # the event's room for vectors ran out: another job would embed in vain

    def kept(self, texts):
        """{text: vector} of those of `texts` whose vector is kept."""
        digests = [text_digest(self.model, text) for text in texts]
        kept = self.store.text_vectors.get_many(self.eid, digests)
        return {text: kept[digest] for text, digest in zip(texts, digests, strict=True) if digest in kept}

    def embed_some(self, texts, said):
        """Embeds and keeps the first `budget` of `texts` (those without a vector, earliest said
        first); `said`: every text of the event now, whose vectors stay when room runs short."""
        todo = list(dict.fromkeys(texts))[: self.budget]
        if not todo:
            return
        made = {text_digest(self.model, text): vector for text, vector in zip(todo, self.embed_port(todo), strict=True)}
        self.embedded += len(made)
        keep = {text_digest(self.model, text) for text in said}
        if self.store.text_vectors.put_many(self.eid, made, keep=keep) < len(made):
            self.full = True
