"""JSON API /api/v1, one module per resource: load a schema, call the domain, broadcast, dump.
Importing this package registers every route; create_app registers BLUEPRINTS."""

from . import (  # noqa: F401 (each adds its routes to `api`)
    access,
    brand,
    comparison,
    draws,
    events,
    images,
    participants,
    polls,
    result_images,
    surveys,
    tokens,
    updates,
)
from .base import api
from .editor import editor_api
from .reactions import reactions_api
from .results import results_api

BLUEPRINTS = (api, editor_api, images.images, reactions_api, results_api, brand.brand)
