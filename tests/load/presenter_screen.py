"""The benchmark's presenter screen, in a process of its own as on a real screen: it connects to
/presenter and prints each `results` as `<perf_counter>\\t<json>` the moment it arrives.

    python -m tests.load.presenter_screen URL AUTH_JSON

A presenter inside the load generator's process would read its socket only when the generator's
busy loop got round to it, and the arrival times would measure the generator. perf_counter is
CLOCK_MONOTONIC, the same clock in every process. Stops when its stdin closes.
"""

import asyncio
import json
import sys
import time

import socketio


async def main(url, auth):
    sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)

    @sio.on("results", namespace="/presenter")
    async def on_results(payload):
        sys.stdout.write(f"{time.perf_counter()}\t{json.dumps(payload)}\n")
        sys.stdout.flush()

    await sio.connect(url, auth=auth, namespaces=["/presenter"], transports=["websocket"], wait_timeout=30)
    sys.stdout.write("connected\n")
    sys.stdout.flush()
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the benchmark closes it
    await sio.disconnect()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], json.loads(sys.argv[2])))
