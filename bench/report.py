"""Turns bench/run's raw measurements into report.md, the plot's data file and verify-profile.txt."""
import json
import os
import platform
import re
import subprocess
import sys
from collections import Counter, defaultdict

out, duration, rounds, threads, connections = sys.argv[1:6]
parts = sys.argv[6] if len(sys.argv) > 6 else "h2 plain"
raw = os.path.join(out, "raw")

LABELS = {
    "floor": "`GET /realms/latchkey` (Keycloak's floor)",
    "verify": "`POST .../api-keys/verify`, deduction off",
    "verify_deduct": "`POST .../api-keys/verify` with deduction",
    "introspect": "`POST .../token/introspect` (its own token)",
    "client_credentials": "`client_credentials` grant",
    "exchange": "API-key exchange grant (same client)",
    "vault_read": "`GET .../credentials/{id}` (no decryption)",
    "vault_secret": "`GET .../credentials/{id}/secret` (decrypts)",
    "discovery_bundle": "master discovery, with the bundle",
    "discovery_plain": "master discovery, plain 26.7.3",
    "userinfo_bundle": "master userinfo, with the bundle",
    "userinfo_plain": "master userinfo, plain 26.7.3",
    "verify_db_1k": "PostgreSQL, verify cache off, 1 000 keys",
    "verify_db_1m": "PostgreSQL, verify cache off, 1 000 000 keys",
    "verify_cached_1k": "PostgreSQL, verify cache on, 1 000 keys",
    "verify_cached_1m": "PostgreSQL, verify cache on, 1 000 000 keys",
}
# (A, B, metric, goal, comparison): A/B of the metric must be >= goal (or <= goal).
GOALS = [
    ("verify", "floor", "rps", 0.85, ">="),
    ("verify", "introspect", "rps", 4.0, ">="),
    ("verify", "introspect", "p99", 0.3, "<="),
    ("verify_deduct", "verify", "rps", 0.8, ">="),
    ("exchange", "client_credentials", "rps", 1.2, ">="),
    ("discovery_bundle", "discovery_plain", "rps", 0.97, ">="),
    ("userinfo_bundle", "userinfo_plain", "rps", 0.97, ">="),
    ("vault_secret", "vault_read", "p50", 1.05, "<="),
    ("verify_db_1m", "verify_db_1k", "p50", 1.1, "<="),
    ("verify_db_1m", "verify_db_1k", "p99", 1.1, "<="),
    ("verify_db_1m", "verify_db_1k", "rps", None, None),
    ("verify_cached_1m", "verify_cached_1k", "p50", 1.1, "<="),
    ("verify_cached_1m", "verify_cached_1k", "p99", 1.1, "<="),
    ("verify_cached_1m", "verify_cached_1k", "rps", None, None),
]

runs = defaultdict(list)
with open(os.path.join(raw, "measured.jsonl")) as f:
    for line in f:
        if line.strip():
            r = json.loads(line)
            runs[r["scenario"]].append(r)


def mean(name, metric):
    values = [r[metric] for r in runs[name]]
    return sum(values) / len(values)


def fmt(value, unit=""):
    return f"{value:,.0f}{unit}" if value >= 100 else f"{value:.2f}{unit}"


lines = [
    f"# Benchmark run {os.path.basename(out)}",
    "",
    f"Command: `bench/run {parts}` (the run command's server: Keycloak 26.7.3 dev mode, demo realm, on H2 or"
    " PostgreSQL as the scenario says; wrk from outside the JVM,"
    f" {threads} threads × {connections} keep-alive connections, {duration} s per measurement after a warm-up, "
    f"{rounds} rounds with each pair side by side; values are the rounds' means).",
    f"Machine: {os.cpu_count()} cores, {platform.platform()}, "
    + subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0] + ".",
    "",
    "| scenario | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | non-2xx or errors |",
    "|---|---|---|---|---|---|---|",
]
for name in LABELS:
    if name in runs:
        errors = sum(r["errors"] for r in runs[name])
        lines.append(f"| {LABELS[name]} | {fmt(mean(name, 'rps'))} | {mean(name, 'p50'):.2f} | {mean(name, 'p90'):.2f} "
                     f"| {mean(name, 'p99'):.2f} | {mean(name, 'p99_9'):.2f} | {errors} |")
lines += ["", "| pair (same server, same run) | measured | goal | met |", "|---|---|---|---|"]
for a, b, metric, goal, op in GOALS:
    if a in runs and b in runs:
        ratio = mean(a, metric) / mean(b, metric)
        what = "throughput" if metric == "rps" else metric
        if goal is None:
            lines.append(f"| {a} vs {b}, {what} | {ratio:.2f}× | (no goal) | |")
            continue
        met = ratio >= goal if op == ">=" else ratio <= goal
        lines.append(f"| {a} vs {b}, {what} | {ratio:.2f}× | {op} {goal}× | {'yes' if met else '**no**'} |")
postgres = os.path.join(raw, "postgres.txt")
if os.path.exists(postgres):
    lines += ["", "Key table on PostgreSQL as measured:", "", "```text"] + open(postgres).read().splitlines() + ["```"]
with open(os.path.join(out, "report.md"), "w") as f:
    f.write("\n".join(lines) + "\n")

with open(os.path.join(raw, "latency.dat"), "w") as f:
    f.write("# scenario p50 p90 p99 p99.9\n")
    for name in LABELS:
        if name in runs:
            f.write(f"{name} " + " ".join(f"{mean(name, m):.3f}" for m in ("p50", "p90", "p99", "p99_9")) + "\n")

print("\n".join(lines))


def profile(name):
    """Where a scenario spends its samples: the top frames, Latchkey's methods and what they call."""
    top, latchkey, callees, total = Counter(), Counter(), defaultdict(Counter), 0
    stack = []
    with open(os.path.join(raw, f"{name}-samples.txt")) as f:
        for line in f:
            line = line.strip()
            if line.startswith("jdk.ExecutionSample") or line.startswith("stackTrace = ["):
                stack = []
            m = re.match(r"^([\w$./<>]+\.[\w$<>]+)\(", line)
            if m:
                stack.append(m.group(1))
            if line == "}" and stack:
                total += 1
                top[stack[0]] += 1
                for frame in set(f for f in stack if f.startswith("io.latchkey")):
                    latchkey[frame] += 1
                # The stack is leaf first: what each of Latchkey's methods was calling when sampled.
                for callee, frame in set(zip(stack, stack[1:])):
                    if frame.startswith("io.latchkey"):
                        callees[frame][callee] += 1
                stack = []
    share = lambda n: f"{100 * n / max(total, 1):5.1f}%"
    with open(os.path.join(out, f"{name}-profile.txt"), "w") as f:
        f.write(f"JFR execution samples while wrk drove {name}: {total}\n\nTop frames (self):\n")
        for frame, n in top.most_common(25):
            f.write(f"  {share(n)}  {frame}\n")
        f.write("\nLatchkey methods on the stack (inclusive):\n")
        for frame, n in latchkey.most_common(25):
            f.write(f"  {share(n)}  {frame}\n")
        f.write("\nWhat they call (inclusive, the five largest callees of the ten largest methods):\n")
        for frame, _ in latchkey.most_common(10):
            f.write(f"  {frame}\n")
            for callee, n in callees[frame].most_common(5):
                f.write(f"    {share(n)}  {callee}\n")


for samples in sorted(os.listdir(raw)):
    if samples.endswith("-samples.txt"):
        profile(samples[:-len("-samples.txt")])
