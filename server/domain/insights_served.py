"""What the insights request sends, bounded whatever the event's size.

A theme names the source of every text that said it (`sources`): the sentiment split reads them all
while the worker makes the themes, but a page needs few (the gallery narrows itself to a theme's
reactions; quotes carry their own source). Kept whole, 20,000 texts made 6 MB of JSON that every
request parsed and sent again (0.3–1 s on this machine kind); at most MAX_SOURCES per theme, the
reactions first, what is saved and served stays under ~400 KB (12 + 3 × 8 themes) however many
texts there are. `sources_total` says how many there were.
"""

IN_GALLERY = ("reaction", "transcript")  # presenter/static/organizer/gallery_themes.js
MAX_SOURCES = 100


def served(insights):
    """`insights` (insights.summarize's) with each theme's sources trimmed (see _trimmed)."""
    groups = insights.get("by_nps_group") or {}
    return {
        **insights,
        "themes": [_trimmed(theme) for theme in insights["themes"]],
        "by_nps_group": {
            name: {**group, "themes": [_trimmed(theme) for theme in group["themes"]]} for name, group in groups.items()
        }
        or insights.get("by_nps_group"),
    }


def _trimmed(theme):
    """The reactions first (what the gallery picks by), then the other sources, MAX_SOURCES in all."""
    sources = theme.get("sources", [])
    kept = [source for source in sources if source.get("kind") in IN_GALLERY][:MAX_SOURCES]
    kept += [source for source in sources if source.get("kind") not in IN_GALLERY][: MAX_SOURCES - len(kept)]
    return {**theme, "sources": kept, "sources_total": len(sources)}
