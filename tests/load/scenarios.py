"""The crowd scenarios issue 11 asks for beyond the closed loop: a burst (every phone votes at
the same instant once), an open loop (votes at a set rate, Poisson arrivals), results revealed
to every phone, and a closed loop over phones split between server processes."""

import asyncio
import collections
import time

import socketio

from tests.load.crowd import vote_loop
from tests.load.report import percentile


def spread(values, scale=1000):
    """p50 / p95 / p99 / max of `values` (seconds), in ms."""
    values = sorted(values)
    return {
        **{f"p{q}_ms": percentile(values, q) * scale for q in (50, 95, 99)},
        "max_ms": (values[-1] * scale) if values else None,
    }


async def _vote(phone, poll_id, value, ack_timeout, tag):
    """One vote; returns the ack dict, or an error string."""
    try:
        ack = await phone.sio.call(
            "vote",
            {"poll_id": poll_id, "value": value, "client_vote_id": f"p{phone.index}-{tag}"},
            namespace="/audience",
            timeout=ack_timeout,
        )
    except socketio.exceptions.TimeoutError:
        phone.uncertain = True
        return "timeout"
    except Exception as exc:
        phone.uncertain = True
        return f"exception {type(exc).__name__}"
    if isinstance(ack, dict) and ack.get("ok"):
        return ack
    return str((ack or {}).get("error", {}).get("code") if isinstance(ack, dict) else repr(ack))


async def burst(phones, poll_id, option_ids, ack_timeout):
    """Every phone votes once, all started at the same instant; latency is from that instant."""
    start = time.perf_counter()
    acks, sent, errors = [], [], collections.Counter()

    async def one(phone):
        value = option_ids[phone.index % len(option_ids)]
        sent.append(time.perf_counter() - start)
        ack = await _vote(phone, poll_id, value, ack_timeout, "burst")
        if isinstance(ack, dict):
            acks.append(time.perf_counter() - start)
            phone.last_value = value
        else:
            errors[ack] += 1

    await asyncio.gather(*(one(p) for p in phones))
    return {"acked": len(acks), "last_send_ms": max(sent) * 1000, **spread(acks), "errors": dict(errors)}


async def open_loop(phones, poll_id, option_ids, rate, seconds, ack_timeout, rng):
    """Votes offered at `rate` a second in all: each phone votes at Poisson times (mean interval
    phones/rate) whether or not its last vote was acked. Latency counts from the scheduled time,
    so a generator that falls behind shows as latency rather than as a lower offered rate."""
    interval = len(phones) / rate
    start = time.perf_counter() + 0.5
    end = start + seconds
    from_schedule, from_send, errors, pending = [], [], collections.Counter(), []
    offered = 0

    async def one(phone, scheduled, n):
        sent = time.perf_counter()
        ack = await _vote(phone, poll_id, rng.choice(option_ids), ack_timeout, f"o{n}")
        now = time.perf_counter()
        if isinstance(ack, dict):
            from_schedule.append(now - scheduled)
            from_send.append(now - sent)
            phone.votes += 1
        else:
            errors[ack] += 1

    async def run(phone):
        nonlocal offered
        at, n = start + rng.expovariate(1 / interval), 0
        while at < end:
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            n += 1
            offered += 1
            pending.append(asyncio.ensure_future(one(phone, at, n)))
            at += rng.expovariate(1 / interval)

    await asyncio.gather(*(run(p) for p in phones))
    await asyncio.gather(*pending)
    return {
        "offered": offered,
        "offered_per_s": offered / seconds,
        "acked": len(from_schedule),
        "acked_per_s": len(from_schedule) / seconds,
        **spread(from_schedule),
        "from_send": spread(from_send),
        "errors": dict(errors),
        "wall": seconds,
    }


class Listener:
    """What every phone heard on /audience: when a `poll` carrying results arrived, and the
    `results` messages (time, total)."""

    def __init__(self, phones):
        self.poll_with_results = {}
        self.results = collections.defaultdict(list)
        for phone in phones:
            phone.sio.on("poll", self._on_poll(phone.index), namespace="/audience")
            phone.sio.on("results", self._on_results(phone.index), namespace="/audience")

    def _on_poll(self, index):
        async def handler(payload):
            if payload and payload.get("results"):
                self.poll_with_results.setdefault(index, time.perf_counter())

        return handler

    def _on_results(self, index):
        async def handler(payload):
            self.results[index].append((time.perf_counter(), (payload or {}).get("total", 0)))

        return handler


async def wait_for(check, timeout, step=0.01):
    deadline = time.perf_counter() + timeout
    while not check() and time.perf_counter() < deadline:
        await asyncio.sleep(step)
    return check()


async def reveal(phones, poll_id, option_ids, do_reveal, rounds, ack_timeout, gap=1.5):
    """Every phone but `rounds` votes once (a burst), then the poll is revealed (HTTP) and the `poll`
    with results is timed to every phone; then, in each round, one more phone votes and every
    phone's first `results` with the new total is timed from that vote's ack."""
    listener = Listener(phones)
    n = len(phones)
    before = await burst(phones[rounds:], poll_id, option_ids, ack_timeout)
    await asyncio.sleep(1.0)
    t0 = time.perf_counter()
    await asyncio.to_thread(do_reveal)
    got_all = await wait_for(lambda: len(listener.poll_with_results) == n, 30)
    reveal_times = [t - t0 for t in listener.poll_with_results.values()]
    out = {
        "votes_before": before["acked"],
        "reveal_reached": len(reveal_times),
        "reveal": spread(reveal_times),
        "reveal_all": got_all,
        "rounds": [],
    }
    for k in range(rounds):
        await asyncio.sleep(gap)  # past AUDIENCE_RESULTS_INTERVAL (1 s) since the last send
        voter = phones[k]
        sent = time.perf_counter()
        ack = await _vote(voter, poll_id, option_ids[0], ack_timeout, f"r{k}")
        acked = time.perf_counter()
        if not isinstance(ack, dict):
            out["rounds"].append({"error": ack})
            continue
        total = before["acked"] + k + 1

        def first_arrival(index, total=total, acked=acked):
            return next((t for t, tot in listener.results[index] if t >= acked and tot >= total), None)

        done = await wait_for(lambda: all(first_arrival(p.index) is not None for p in phones), 15)
        arrivals = [t - acked for p in phones if (t := first_arrival(p.index)) is not None]
        out["rounds"].append(
            {"ack_ms": (acked - sent) * 1000, "reached": len(arrivals), "all": done, **spread(arrivals)}
        )
    return out


async def closed_loop(phones, poll_id, option_ids, seconds, ack_timeout, rng):
    run = await vote_loop(phones, poll_id, option_ids, seconds, ack_timeout, rng)
    wall = run["end"] - run["start"]
    return {
        "acked": len(run["latencies"]),
        "votes_per_s": len(run["latencies"]) / wall,
        **spread(run["latencies"]),
        "errors": dict(run["errors"]),
        "timeouts": run["timeouts"],
        "wall": wall,
        "timeline": [run["per_second"].get(s, 0) for s in range(int(wall) + 1)],
    }
