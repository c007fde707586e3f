"""Running the server: config and its settings table, serving, the supervisor, the embedded Redis,
offload (the concurrency model), the CLI, and services.py, which wires the domain to the store.
Imports nothing itself: __main__ reads config.py and serving.py before monkey-patching."""
