"""Socket.IO: sockets/ (one namespace per role, the broadcaster, the message queue), and the eventlet
transport and hub under them. Imports nothing itself: runtime/serving.py imports hub.py right after
monkey-patching, before Flask or socket.io may be.

Private symbols of other libraries used here (each fenced by the tested version, proven active by
tests/integration/test_hostile_connections.py, and its upstream plan in docs/patches.md):
- transport.py: python-engineio `Socket._websocket_handler`, `_upgrade_websocket` (overridden);
  eventlet `RFC6455WebSocket._send`, `_send_closing_frame`, `_pack_message` (called),
  `_apply_mask` (replaced by unmask_frame).
- socket_budget.py: python-engineio's `Socket` subclassed (`receive`, `send`, `handle_post_request`
  overridden; its `queue`, `server.handlers`, `server.sockets` read), installed by transport.py in
  place of `engineio.socket.Socket`; python-socketio's `async_handlers` turned off.
- hub.py: eventlet's epoll `Hub.wait` (replaced) and its `listeners`, `do_poll`, `remove_descriptor`,
  `squelch_exception`, `poll`.
- sockets/message_queue.py: python-socketio `RedisManager._publish`, `_redis_listen_with_retries`,
  `_listen` (overridden) and `_redis_connect` (called).
"""
