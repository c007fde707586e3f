"""Hetki: live polling for events. create_app wires config, Redis, services, blueprints and sockets.

Nothing is imported at module level: `python -m server` must monkey-patch for eventlet
before Flask, redis-py or socket.io are imported.
"""


def create_app(config=None):
    from pathlib import Path

    from flask import Flask
    from flask_socketio import SocketIO

    from audience.views import audience
    from presenter.moderator import moderator
    from presenter.organizer import organizer
    from presenter.views import presenter

    from .domain.text import configure_profanity
    from .realtime.connection_census import census
    from .realtime.sockets import register as register_sockets
    from .realtime.sockets.broadcast import Broadcaster
    from .realtime.sockets.message_queue import HealingRedisManager
    from .runtime import cli, private_files, redis_embedded
    from .runtime.config import Config
    from .runtime.offload import async_mode
    from .runtime.services import Services
    from .runtime.serving import active_patches
    from .store import Store
    from .store.client import hall_connection_class
    from .web import errors, i18n, security
    from .web.api import BLUEPRINTS as API_BLUEPRINTS
    from .web.pages import pages

    config = config or Config()
    root = Path(__file__).resolve().parent.parent
    app = Flask(__name__, static_folder=str(root / "static"), static_url_path="/static")
    app.config.update(config.flask_settings())
    app.config["HETKI"] = config

    extra_words = Path(config.PROFANITY_WORDS_FILE).read_text() if config.PROFANITY_WORDS_FILE else ""
    configure_profanity(extra_words, config.PROFANITY_FILTER)

    private_files.private_folders(config.DATA_DIR, config.MEDIA_DIR)
    redis_url = config.REDIS_URL or redis_embedded.use(config.DATA_DIR)
    app.config["HETKI_REDIS_URL"] = redis_url
    services = Services(Store(redis_url, config.REDIS_POOL_SIZE), config)
    app.extensions["hetki"] = services

    # The queue resyncs this process's clients through the broadcaster, made once socketio is.
    queue = (
        HealingRedisManager(redis_url, hall_connection_class(redis_url), on_gap=lambda: broadcaster.resync_local())
        if config.MESSAGE_QUEUE
        else None
    )
    socketio = SocketIO(
        app,
        async_mode=async_mode(),
        client_manager=queue,
        cors_allowed_origins=config.ALLOWED_ORIGINS or None,
        ping_interval=config.PING_INTERVAL,
        ping_timeout=config.PING_TIMEOUT,
        max_http_buffer_size=64 * 1024,
    )
    # The broadcaster's few round trips must not queue behind thousands of votes for a connection.
    broadcaster_services = Services(Store(redis_url, 4), config)
    broadcaster = Broadcaster(socketio, broadcaster_services, config)
    for changes in (services, broadcaster_services):  # services tell the broadcaster what they changed
        changes.set_notifier(broadcaster)
    app.extensions["hetki_broadcaster"] = broadcaster
    app.extensions["hetki_process_health"] = lambda: {"patches": active_patches(), "connections": census()}
    register_sockets(socketio, services)

    for blueprint in (*API_BLUEPRINTS, pages, audience, presenter, organizer, moderator):
        app.register_blueprint(blueprint)
    errors.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    cli.init_app(app)
    return app
