"""The self-paced survey benchmark's checks (the organizer's results and the survey's funnel
against what the phones were acked) and its report (tests/load/bench_survey.py)."""

import collections
import sys

from tests.load.processes import ROOT
from tests.load.report import machine, percentile, revision


def expected_counts(poll, values):
    """The counts the results should show for these acked values (an open poll has none)."""
    if poll["type"] == "multiple":
        return dict(collections.Counter(o for chosen in values for o in chosen))
    return dict(collections.Counter(str(v) for v in values))


def check_stores(setup, phones, polls, report):
    """The organizer's results and the survey's funnel against what the phones were acked."""
    call, sid = setup["call"], setup["survey"]["id"]
    checks = {}
    for position, poll in enumerate(polls):
        acked = [p.answers[position] for p in phones if position in p.answers]
        results = call("GET", f"/api/v1/polls/{poll['id']}/results", 200)
        total, kind = results["total"], poll["type"]
        checks[f"{kind}: results total {total} == {len(acked)} acked"] = total == len(acked)
        if kind != "open":
            counts = {k: int(v) for k, v in results["counts"].items() if int(v)}
            checks[f"{kind}: results counts == the acked values"] = counts == expected_counts(poll, acked)
            if counts != expected_counts(poll, acked):
                print(f"  {kind}: counts {counts} != expected {expected_counts(poll, acked)}")
    funnel = call("GET", f"/api/v1/surveys/{sid}/funnel", 200)
    started = sum(1 for p in phones if p.reached is not None)
    finished = [p for p in phones if p.ticket is not None]
    left = collections.Counter(p.reached for p in phones if p.ticket is None and p.reached is not None)
    stopped = [left.get(i, 0) for i in range(len(polls))]
    answered = [sum(1 for p in phones if i in p.answers) for i in range(len(polls))]
    report.update(funnel=funnel, finished=len(finished), abandoned=sum(1 for p in phones if p.plan[2] is not None))
    checks[f"funnel started {funnel['started']} == {started}"] = funnel["started"] == started
    checks[f"funnel finished {funnel['finished']} == {len(finished)}"] = funnel["finished"] == len(finished)
    checks[f"funnel stopped_at == {stopped}"] = [s["count"] for s in funnel["stopped_at"]] == stopped
    checks[f"funnel answered == {answered}"] = [a["count"] for a in funnel["answered"]] == answered
    tickets = sorted(p.ticket for p in finished)
    checks["tickets are 1..finished, each once"] = tickets == list(range(1, len(finished) + 1))
    return checks


def print_report(args, report):
    def ms(kind, q):
        values = report.get("lat", {}).get(kind) or []
        return f"{percentile(values, q) * 1000:.0f}" if q != 100 else (f"{values[-1] * 1000:.0f}" if values else "-")

    print("\n" + "=" * 78)
    print(f"Hetki self-paced survey benchmark: {args.phones} phones, 5 questions, think 1-{args.max_think:g} s")
    print(f"machine: {machine()}; load average before: {report.get('load_before', 0):.1f}")
    print(
        f"server at {revision(ROOT)}; command: {' '.join(['python', '-m', 'tests.load.bench_survey', *sys.argv[1:]])}"
    )
    if "wall" in report:
        f = report.get("funnel") or {}
        print(f"phones connected {report['connected']}/{args.phones}, memory per phone {report['kb_per_phone']:.1f} KB")
        print(f"wall time {report['wall']:.1f} s, answers {report['answers']} ({report['answers_per_s']:.0f}/s)")
        for kind in ("answer", "opening", "progress", "finish"):
            print(f"  {kind:8} ack p50 / p95 / max (ms): {ms(kind, 50)} / {ms(kind, 95)} / {ms(kind, 100)}")
        print(
            f"server CPU per answer {report['server_cpu_us']:.0f} us (incl. its progress and finish; "
            f"{report['server_call_us']:.0f} us per acked call), "
            f"{report['server_net_us']:.0f} us net of the idle crowd's {report['idle_util']:.1%} of a core; "
            f"Redis {report['redis_cpu_us']:.0f} us; server busy {report['server_util']:.0%}, "
            f"waiting for a CPU {report['server_waiting']:.0%}; RSS at end {report['rss_end_mb']:.0f} MB"
        )
        print(
            f"finished {report.get('finished')}, abandoned {report.get('abandoned')}, funnel {f.get('started')} "
            f"started / {f.get('finished')} finished, median {f.get('median_seconds_to_finish') or 0:.1f} s, "
            f"stopped_at {[s['count'] for s in f.get('stopped_at', [])]}"
        )
        print(f"acked calls per 10 s: {report['timeline']}; load average after {report['loadavg']:.1f}")
    for name, value in (report.get("retried") or {}).items():
        print(f"  retried {name}: {value}")
    for name, value in (report.get("connect_failures") or {}).items():
        print(f"  connect failure {name}: {value}")
    for name, value in (report.get("errors") or {}).items():
        print(f"  error {name}: {value}")
    for name, ok in (report.get("checks") or {}).items():
        print(f"  {'ok    ' if ok else 'FAILED'} {name}")
    stop = report.get("stop_s")
    print(f"server exit on SIGTERM: {'killed' if stop is None else f'{stop:.1f} s'}")
    print(
        "checks: "
        + ("ERROR " + report["error"] if report.get("error") else "all passed" if passed(report) else "FAILED")
    )


def passed(report):
    return bool(report.get("checks")) and all(report["checks"].values()) and report.get("stop_s") is not None
