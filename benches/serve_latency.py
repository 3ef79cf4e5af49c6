#!/usr/bin/env python3
"""Time from saving a region file to the reload event of `draaiboek serve`.

Usage: benches/serve_latency.py CONTENT_DIR [--themes DIR] [--edits N]
Starts the release binary (or $DRAAIBOEK_BIN) on a free port in a copy of CONTENT_DIR, waits on
the live-reload poll, appends a sentence to a region file N times and prints
the median, min and max in milliseconds. Standard library only.
"""
import argparse, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, threading, time, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("content")
ap.add_argument("--themes", default=os.path.join(os.path.dirname(__file__), "..", "themes"))
ap.add_argument("--edits", type=int, default=7)
args = ap.parse_args()

binary = os.path.abspath(os.environ.get("DRAAIBOEK_BIN") or os.path.join(os.path.dirname(__file__), "..", "target", "release", "draaiboek"))
work = tempfile.mkdtemp()
shutil.copytree(args.content, os.path.join(work, "content"))
shutil.copytree(args.themes, os.path.join(work, "themes"))
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
proc = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"
try:
    for _ in range(600):
        try:
            page = urllib.request.urlopen(base + "/").read().decode()
            break
        except OSError:
            time.sleep(0.1)
    gen = int(re.search(r'data-generation="(\d+)"', page).group(1))
    regions = sorted(os.listdir(os.path.join(work, "content", "regions")))
    target = os.path.join(work, "content", "regions", regions[len(regions) // 2], "index.md")
    times = []
    for i in range(args.edits):
        result = {}
        def poll():
            result["answer"] = json.loads(urllib.request.urlopen(f"{base}/__draaiboek/poll?since={gen}", timeout=60).read())
            result["at"] = time.perf_counter()
        t = threading.Thread(target=poll)
        t.start()
        time.sleep(0.3)
        saved = time.perf_counter()
        with open(target, "a", encoding="utf-8") as f:
            f.write(f"\nMeetzin {i}.\n")
        t.join()
        gen = result["answer"]["generation"]
        times.append((result["at"] - saved) * 1000)
        # The home page is held back until the full rebuild has caught up:
        # the next edit starts from a settled site.
        urllib.request.urlopen(base + "/", timeout=120).read()
        time.sleep(0.3)
    print(f"{len(regions)} regions: save -> reload median {statistics.median(times):.0f} ms "
          f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} edits; includes the wait for the end of the save: 5 ms after a file is closed, else 30 ms)")
finally:
    proc.kill()
    shutil.rmtree(work, ignore_errors=True)
