"""The benchmark's report: percentiles, formatting, the table, the machine and the revision."""

import contextlib
import os
import subprocess
import sys

from tests.load.crowd import OPTIONS
from tests.load.processes import ROOT

MAX_RESULTS_PER_SECOND = 10
RESULTS_DEADLINE = 0.25  # PRODUCT.md: results reach the presenter within 250 ms of a vote


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def fmt(value, spec=".0f", missing="-"):
    if value is None or (isinstance(value, float) and value != value):
        return missing
    return format(value, spec)


ROWS = [
    ("phones connected", lambda r: f"{r.get('connected', 0)}/{r['phones']}"),
    ("join rate (HTTP, /s)", lambda r: fmt(r.get("join_rate"))),
    ("connect rate (/s)", lambda r: fmt(r.get("connect_rate"))),
    ("server CPU per connect (ms)", lambda r: fmt(r.get("connect_cpu_ms"), ".2f")),
    ("server RSS before/after (MB)", lambda r: f"{fmt(r.get('rss_before_mb'))} / {fmt(r.get('rss_after_mb'))}"),
    ("memory per phone (KB)", lambda r: fmt(r.get("kb_per_phone"), ".1f")),
    ("votes acked", lambda r: fmt(r.get("votes"), "d")),
    ("votes/s", lambda r: fmt(r.get("votes_per_s"))),
    (
        "ack p50 / p95 / p99 (ms)",
        lambda r: f"{fmt(r.get('p50_ms'), '.1f')} / {fmt(r.get('p95_ms'), '.1f')} / {fmt(r.get('p99_ms'), '.1f')}",
    ),
    ("ack max (ms)", lambda r: fmt(r.get("max_ms"), ".0f")),
    ("server CPU per vote (us)", lambda r: fmt(r.get("server_cpu_us"))),
    ("Redis CPU per vote (us)", lambda r: fmt(r.get("redis_cpu_us"), ".1f")),
    ("Redis commands per vote (incl. Lua)", lambda r: fmt(r.get("redis_cmds_per_vote"), ".2f")),
    (
        "CPU busy: server / redis / bench",
        lambda r: (
            f"{fmt(r.get('server_util'), '.0%')} / "
            f"{fmt(r.get('redis_util'), '.0%')} / "
            f"{fmt(r.get('client_util'), '.0%')}"
        ),
    ),
    ("server waiting for a CPU (of wall)", lambda r: fmt(r.get("server_waiting"), ".0%")),
    ("load average (1 min) after voting", lambda r: fmt(r.get("loadavg"), ".1f")),
    (
        "all CPUs: busy / stolen by hypervisor",
        lambda r: f"{fmt(r.get('machine_busy'), '.0%')} / {fmt(r.get('steal'), '.0%')}",
    ),
    ("Redis connected clients", lambda r: fmt(r.get("redis_clients"), "d")),
    (
        "presenter results/s (max in 1 s: received, sent)",
        lambda r: (
            f"{fmt(r.get('results_per_s'), '.1f')} ({fmt(r.get('results_max_in_1s'), 'd')}, "
            f"{fmt(r.get('results_max_in_1s_sent'), 'd')})"
        ),
    ),
    ("presenter max gap (ms)", lambda r: fmt(r.get("results_max_gap_ms"))),
    (
        "new voter on presenter p50/p95/p99/max (ms)",
        lambda r: " / ".join(fmt(r.get(f"seen_{k}_ms")) for k in ("p50", "p95", "p99", "max")),
    ),
    ("final results after last ack (ms)", lambda r: fmt(r.get("final_delay_ms"), missing="never")),
    (
        "phones voted / API total / sum",
        lambda r: f"{fmt(r.get('voted'), 'd')} / {fmt(r.get('api_total'), 'd')} / {fmt(r.get('api_sum'), 'd')}",
    ),
    ("vote errors / timeouts", lambda r: f"{sum((r.get('errors') or {}).values())} / {fmt(r.get('timeouts'), 'd')}"),
    ("server exit on SIGTERM (s)", lambda r: fmt(r.get("stop_s"), ".1f", missing="killed")),
    (
        "checks",
        lambda r: (
            "ERROR" if r.get("error") else ("all passed" if r.get("checks") and all(r["checks"].values()) else "FAILED")
        ),
    ),
]


def machine():
    model = "?"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {model}, Python {sys.version.split()[0]}"


def revision(root):
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        return (head + (" + uncommitted changes" if dirty else "")) if head else "not a git checkout"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def print_report(args, reports):
    print("\n" + "=" * 78)
    print(f"Hetki vote benchmark: {args.seconds:g}s closed loop, single poll with {len(OPTIONS)} options")
    print(f"machine: {machine()}")
    print(f"server: {args.server_root} at {revision(args.server_root)}")
    print(
        f"command: {' '.join([os.path.relpath(sys.executable, ROOT), '-m', 'tests.load.bench_votes', *sys.argv[1:]])}"
    )
    width = max(len(name) for name, _ in ROWS)
    labels = [r.get("label") or f"{r['phones']} phones" for r in reports]
    cols = [max(14, len(label)) for label in labels]
    print(f"{'':<{width}}  " + "  ".join(f"{label:>{c}}" for label, c in zip(labels, cols, strict=False)))
    for name, cell in ROWS:
        values = []
        for r, c in zip(reports, cols, strict=False):
            try:
                values.append(f"{cell(r):>{c}}")
            except Exception:
                values.append(f"{'-':>{c}}")
        print(f"{name:<{width}}  " + "  ".join(values))
    bare = {r["phones"]: r for r in reports if r.get("label", "").endswith(" bare")}
    for r in reports:
        reference = bare.get(r["phones"])
        if reference is not None and r is not reference and r.get("votes_per_s") and reference.get("votes_per_s"):
            print(
                f"\n{r['phones']} phones, Hetki vs the bare server in this run: "
                f"{r['votes_per_s'] / reference['votes_per_s']:.2f}x the votes/s, "
                f"{r['server_cpu_us'] / reference['server_cpu_us']:.2f}x the server CPU per vote, "
                f"{r.get('connect_cpu_ms', 0) / max(1e-9, reference.get('connect_cpu_ms') or 0):.2f}x the CPU per connect"
            )
    for r in reports:
        print(f"\n{r.get('label') or r['phones']}: acked votes in each second of the run: {r.get('timeline', [])}")
        if r.get("error"):
            print(f"  error: {r['error']}")
        if r.get("connect_failures"):
            print(f"  connect failures: {r['connect_failures']}")
        if r.get("errors"):
            print(f"  vote errors: {r['errors']}")
        if r.get("redis_top_commands"):
            print("  Redis commands per vote: " + ", ".join(f"{name} {n:.2f}" for name, n in r["redis_top_commands"]))
        for name, ok in (r.get("checks") or {}).items():
            if not ok:
                print(f"  FAILED: {name}")
        if r.get("api_counts") is not None and r.get("api_counts") != r.get("expected_counts"):
            print(f"  counts from API {r['api_counts']} != expected {r['expected_counts']}")
        if (r.get("server_waiting") or 0) > 0.1:
            print(
                f"  note: the server waited {r['server_waiting']:.0%} of the run for a CPU: "
                "other processes compete on this machine, throughput figures are low"
            )
        if (r.get("steal") or 0) > 0.05:
            print(f"  note: the hypervisor stole {r['steal']:.0%} of all CPU time during the run (a shared VM)")
        if (r.get("client_util") or 0) > 0.9:
            print("  note: the benchmark process was >90% busy, so it may be the limit, not the server")
        if r.get("final_delay_ms") is not None and r["final_delay_ms"] > RESULTS_DEADLINE * 1000:
            print(
                f"  note: final results came {r['final_delay_ms']:.0f} ms after the last ack "
                f"(product target: {RESULTS_DEADLINE * 1000:.0f} ms)"
            )
        if r.get("seen_missing"):
            print(f"  note: {r['seen_missing']} first votes never showed in a presenter `results` message")
        if r.get("server_log_lines"):
            print(f"  note: the server logged {r['server_log_lines']} lines at WARNING or above")
