"""Embeddings made once per text: the themes are remade as people write, and the model is the
costly part (~35 ms of CPU a text on this machine kind), so each remake embeds only the texts it
has not seen, and at most `budget` of them; a worker that is behind saves what it has and goes on
in the next job (Insights.make queues it), so one job stays short and a stop or a transcript never
waits minutes behind it.

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

    def vectors(self, texts):
        """{text: vector} of `texts`: those kept already and up to `budget` more (the earliest said
        first), embedded now and kept. The texts left without one are the worker's backlog."""
        digests = {text: text_digest(self.model, text) for text in dict.fromkeys(texts)}
        kept = self.store.text_vectors.get_many(self.eid, list(digests.values()))
        found = {text: kept[digest] for text, digest in digests.items() if digest in kept}
        todo = [text for text in digests if text not in found][: self.budget]
        if todo:
            made = dict(zip(todo, self.embed_port(todo), strict=True))
            self.embedded += len(made)
            fresh = {digests[text]: vector for text, vector in made.items()}
            if self.store.text_vectors.put_many(self.eid, fresh, keep=digests.values()) < len(fresh):
                self.full = True
            found.update(made)
        return found
