"""Prints bench/run.sh's table: per scenario and metric, each server's median and its ratio to
the tutorial server.  Usage: python3 bench/table.py RESULTS_FILE "SERVER ..."
"""
import sys, statistics, collections
servers = sys.argv[2].split()
rows = collections.defaultdict(lambda: collections.defaultdict(list))
order = []
for line in open(sys.argv[1]):
    server, name, *pairs = line.split()
    values = dict(p.split("=", 1) for p in pairs)
    if name not in order:
        order.append(name)
    for key in ("msgs_per_s", "p50_us", "p99_us", "logins_per_s", "server_cpu", "rss_kb_per_conn", "heap_kb_per_conn", "generator_bound", "failed"):
        if key in values and values[key] != "-":
            rows[(name, key)][server].append(values[key])
others = [s for s in servers if s != "tutorial"]
fmt = lambda v: "-" if v is None else (f"{v:,.0f}" if v >= 100 else f"{v:.1f}")
header = f"{'scenario':24} {'metric':16}" + "".join(f" {s:>11}" for s in servers)
if "tutorial" in servers:
    header += "".join(f" {s[:6] + '/tut':>11}" for s in others)
print(header)
for name in order:
    for key in ("msgs_per_s", "p50_us", "p99_us", "logins_per_s", "server_cpu", "rss_kb_per_conn", "heap_kb_per_conn"):
        cell = rows.get((name, key))
        if not cell:
            continue
        med = {s: statistics.median(float(v) for v in cell[s]) if cell.get(s) else None for s in servers}
        line = f"{name:24} {key:16}" + "".join(f" {fmt(med[s]):>11}" for s in servers)
        if "tutorial" in servers:
            for s in others:
                ratio = f"{med[s] / med['tutorial']:.2f}" if med[s] is not None and med["tutorial"] else "-"
                line += f" {ratio:>11}"
        print(line)
    bound = [v for s in servers for v in rows.get((name, "generator_bound"), {}).get(s, [])]
    failed = [s for s in servers if rows.get((name, "failed"), {}).get(s)]
    if failed:
        print(f"{'':24} (failed on {', '.join(failed)} in some runs: see the log above)")
    if "true" in bound:
        print(f"{'':24} (generator-bound in some runs: those numbers measure the generator)")
