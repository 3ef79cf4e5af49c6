#!/usr/bin/env python3
"""Helper of benches/bench.sh: times one build, then summarises all of them.

  bench_stats.py run RESULTS --n N --tool T --scenario S --output DIR --log FILE -- CMD...
      Runs CMD once (stdout and stderr to FILE), appends one JSON line to
      RESULTS: wall time, peak RSS and the *.html files in DIR. Peak RSS comes
      from /usr/bin/time -f %M when present, else from
      resource.getrusage(RUSAGE_CHILDREN), which is this one child's because
      every run is its own python3 process. Exits 1 if CMD fails or DIR holds
      no HTML page.
  bench_stats.py report RESULTS
      Prints the Markdown table (medians per N, tool and scenario) and the
      growth of the time per region between successive N.
Standard library only.
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time

TIME = "/usr/bin/time"
SCENARIOS = ["rebuild", "first build"]


def count_html(root):
    n = 0
    for _, _, files in os.walk(root):
        n += sum(1 for f in files if f.endswith(".html"))
    return n


def run(a, cmd):
    use_time = os.access(TIME, os.X_OK)
    rss_file = None
    if use_time:
        fd, rss_file = tempfile.mkstemp(prefix="bench-rss-")
        os.close(fd)
        cmd = [TIME, "-f", "%M", "-o", rss_file] + cmd
    with open(a.log, "w") as log:
        start = time.perf_counter()
        rc = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - start
    if use_time:
        with open(rss_file) as f:
            # The last line is %M; GNU time puts "Command exited with
            # non-zero status" lines before it.
            lines = [l for l in f.read().split() if l.isdigit()]
        os.unlink(rss_file)
        rss_kib = int(lines[-1]) if lines else 0
    else:
        rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    pages = count_html(a.output) if os.path.isdir(a.output) else 0
    rec = {"n": a.n, "tool": a.tool, "scenario": a.scenario, "wall_s": wall,
           "rss_kib": rss_kib, "pages": pages, "rc": rc}
    with open(a.results, "a") as f:
        f.write(json.dumps(rec) + "\n")
    print(f"  {a.tool:<9} {a.scenario:<11} N={a.n:<6} {wall:8.3f} s {rss_kib / 1024:8.1f} MiB "
          f"{pages:7d} pages" + ("" if rc == 0 else f"  exit {rc}"), file=sys.stderr, flush=True)
    if rc != 0 or pages == 0:
        why = f"exited with {rc}" if rc != 0 else f"wrote no *.html file to {a.output}"
        print(f"bench: {a.tool} {why}; last lines of {a.log}:", file=sys.stderr)
        with open(a.log, errors="replace") as f:
            sys.stderr.write("".join(f.readlines()[-20:]))
        sys.exit(1)


def fmt_s(x):
    return "–" if x is None else f"{x:.3f} s"


def fmt_mib(x):
    return "–" if x is None else f"{x:.0f}"


def report(a):
    recs = [json.loads(l) for l in open(a.results) if l.strip()]
    med = {}
    for key in {(r["n"], r["tool"], r["scenario"]) for r in recs}:
        rs = [r for r in recs if (r["n"], r["tool"], r["scenario"]) == key]
        med[key] = {
            "wall": statistics.median(r["wall_s"] for r in rs),
            "mib": statistics.median(r["rss_kib"] for r in rs) / 1024,
            "pages": statistics.median(r["pages"] for r in rs),
            "runs": len(rs),
        }
    ns = sorted({r["n"] for r in recs})
    others = [t for t in ("hugo", "zola", "vorige") if any(k[1] == t for k in med)]
    if not others:
        others = ["hugo"]  # keep the Hugo columns, empty, so the table has one shape

    def get(n, tool, sc, field):
        m = med.get((n, tool, sc))
        return None if m is None else m[field]

    head = ["N", "scenario", "draaiboek wall (median)", "peak MiB", "pages"]
    for t in others:
        name = t.capitalize()
        head += [f"{name} wall", f"{name} MiB", "ratio" if t == "hugo" else f"ratio {name}"]
    head += ["draaiboek ms/region"] + [f"{t.capitalize()} ms/region" for t in others]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n in ns:
        for sc in SCENARIOS:
            w = get(n, "draaiboek", sc, "wall")
            if w is None:
                continue
            row = [f"{n:,}", sc, fmt_s(w), fmt_mib(get(n, "draaiboek", sc, "mib")),
                   f"{get(n, 'draaiboek', sc, 'pages'):.0f}"]
            per = [f"{w * 1000 / n:.3f}"]
            for t in others:
                ow = get(n, t, sc, "wall")
                row += [fmt_s(ow), fmt_mib(get(n, t, sc, "mib")),
                        "–" if ow is None else f"{w / ow:.2f}"]
                per.append("–" if ow is None else f"{ow * 1000 / n:.3f}")
            lines.append("| " + " | ".join(row + per) + " |")
    print("\n".join(lines))
    runs = sorted({m["runs"] for m in med.values()})
    print(f"\nMedian of {'/'.join(map(str, runs))} timed run(s) each; wall = whole process; "
          "ratio = draaiboek wall / other tool's wall (below 1: draaiboek is faster); "
          "ms/region = wall / N.")
    other_pages = sorted({(n, t, get(n, t, sc, "pages")) for n in ns for t in others
                          for sc in SCENARIOS if get(n, t, sc, "pages") is not None})
    if other_pages:
        print("Pages written by the other tools: " + ", ".join(
            f"{t.capitalize()} N={n}: {p:.0f}" for n, t, p in other_pages) + ".")
    if len(ns) > 1:
        print("\nGrowth of the time per region between successive N:")
        for tool in ["draaiboek"] + [t for t in others if any(k[1] == t for k in med)]:
            for sc in SCENARIOS:
                for lo, hi in zip(ns, ns[1:]):
                    wl, wh = get(lo, tool, sc, "wall"), get(hi, tool, sc, "wall")
                    if wl is None or wh is None:
                        continue
                    print(f"- {tool} {sc} {lo:,} -> {hi:,}: wall x{wh / wl:.1f} for x{hi / lo:.0f} regions, "
                          f"{wl * 1000 / lo:.3f} -> {wh * 1000 / hi:.3f} ms/region "
                          f"(x{(wh / hi) / (wl / lo):.2f})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    r = sub.add_parser("run")
    r.add_argument("results")
    r.add_argument("--n", type=int, required=True)
    r.add_argument("--tool", required=True)
    r.add_argument("--scenario", required=True, choices=SCENARIOS)
    r.add_argument("--output", required=True)
    r.add_argument("--log", required=True)
    p = sub.add_parser("report")
    p.add_argument("results")
    argv = sys.argv[1:]
    cmd = argv[argv.index("--") + 1:] if "--" in argv else []
    a = ap.parse_args(argv[:len(argv) - len(cmd) - 1] if "--" in argv else argv)
    if a.what == "run":
        if not cmd:
            ap.error("run needs -- CMD...")
        run(a, cmd)
    else:
        report(a)


if __name__ == "__main__":
    main()
