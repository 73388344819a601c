# Summary of variants.sh output: medians per variant and each variant's cost against BASE
# (paired per round, and by medians).  python3 summary.py OUTPUT BASE
import sys, re, statistics as st
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'r(\d+) (\S+) rps=([\d.]+) p99=(\S+) cpu_us_per_req=([\d.]+) loop=([\d.]+) writer=([\d.]+)(?: idle=([\d.]+)%)?', line)
    if m: rows.setdefault(m[2], {})[int(m[1])] = tuple(float(m[i] or 'nan') for i in (3,5,6,7,8))
base = sys.argv[2]
for name, d in rows.items():
    v = list(d.values())
    out = f"{name:6s} rps {st.median(x[0] for x in v):7.0f} proc {st.median(x[1] for x in v):5.1f} loop {st.median(x[2] for x in v):5.1f} writer {st.median(x[3] for x in v):4.1f} idle {st.median(x[4] for x in v):4.1f}%"
    if name != base:
        costs = [100 * (1 - d[r][0] / rows[base][r][0]) for r in d if r in rows[base]]
        out += f"  cost paired {st.median(costs):5.1f}% by medians {100*(1-st.median(x[0] for x in v)/st.median(x[0] for x in rows[base].values())):5.1f}% rounds " + " ".join(f"{c:.0f}" for c in costs)
    print(out)
