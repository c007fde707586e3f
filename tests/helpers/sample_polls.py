"""A poll of any registered type, as the unit tests that walk the registry need one."""


def sample_options(kind, texts=("Red", "Green", "Blue")):
    """Options as the organizer's editor sends them: texts, or images with alt text for an image type."""
    if not kind.needs_options:
        return None
    if kind.option_images:
        return [{"image": f"{n:032x}", "alt": text} for n, text in enumerate(texts, start=1)]
    return list(texts)


def sample_poll(kind, state="draft"):
    """A poll of this type: each choice limit below the option count (so the organizer's card notes it),
    the first option as the right one where a setting names one."""
    first = {"choices": 1, "option": 0}
    settings = {f["name"]: first[f["kind"]] for f in kind.setting_fields if f["kind"] in first}
    options, settings = kind.definition(sample_options(kind), settings)
    return {
        "id": "p1",
        "event_id": "e1",
        "type": kind.name,
        "question": "Which?",
        "state": state,
        "options": options,
        "settings": settings,
    }
