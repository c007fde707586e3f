"""Slow work apart from the phones' requests: the queue's worker (worker.py) and the server's
retention sweeper (sweeper.py). The queue itself is in Redis (server/store/jobs.py)."""
