#!/usr/bin/env bash
# Build-speed benchmark: draaiboek against Hugo (and Zola) on the shared corpus.
#
# Usage: benches/bench.sh [N ...]     (default: 100 1000 10000 regions)
#        benches/bench.sh --smoke     (N=100, RUNS=1, WARMUP=0, no Hugo or Zola;
#                                      fails if the build fails or writes no page)
# Env:   RUNS (default 5) timed runs per scenario, WARMUP (default 1) untimed
#        builds first, BENCH_DIR (default ../shared/bench next to the repo) the
#        folder of the shared gen_corpus.py; without it, the copy in benches/.
#
# Builds the release binary once, writes the corpus of each N with
# benches/corpus.sh into target/bench/N/ (on the normal disk, not /tmp), then
# times two scenarios, the tools taking turns run by run:
#   first build  the output folder is moved aside before every run (not
#                timed), as a clean checkout has none; what was moved aside
#                is deleted after the last run of that N. Deleting it right
#                before the run would measure the file system instead: ext4
#                without a journal (this machine's disk) passes over every
#                inode freed in the last minute one by one when it allocates
#                a new one, so each tool would pay for the previous tree's
#                inodes (benches/PERFORMANCE.md);
#   rebuild      the output folder is there from the previous build.
# Each run records wall time, peak RSS and the *.html files in the output
# (benches/bench_stats.py). Hugo and Zola run when they are on PATH, on the
# Hugo and Zola trees of the same corpus. Prints a Markdown table of medians,
# also saved to target/bench/results.md; raw runs in target/bench/results.jsonl.
# Needs bash, python3 and cargo; /usr/bin/time is used for peak RSS if present.
# DRAAIBOEK_BIN, when set, is the binary to measure instead of a release build.
# DRAAIBOEK_PREV_BIN, when set, is an earlier draaiboek binary measured as the
# tool "vorige" in turns with the others (its own output folder), so a change
# is compared with the code before it in the same run.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

smoke=0
ns=()
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1 ;;
    -h|--help) usage; exit 0 ;;
    ''|*[!0-9]*|0) echo "bench.sh: expected --smoke or a number of regions, got '$a'" >&2; exit 2 ;;
    *) ns+=("$a") ;;
  esac
done
if [ "$smoke" = 1 ]; then
  if [ "${#ns[@]}" -gt 0 ]; then echo "bench.sh: --smoke always uses N=100" >&2; exit 2; fi
  ns=(100); RUNS=1; WARMUP=0
fi
[ "${#ns[@]}" -gt 0 ] || ns=(100 1000 10000)
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
case "$RUNS$WARMUP" in *[!0-9]*) echo "bench.sh: RUNS and WARMUP must be numbers" >&2; exit 2 ;; esac
[ "$RUNS" -ge 1 ] || { echo "bench.sh: RUNS must be at least 1" >&2; exit 2; }

bench_dir="${BENCH_DIR:-$root/../shared/bench}"
if [ ! -f "$bench_dir/gen_corpus.py" ]; then
  # The copy in benches/ is the same generator (see its header).
  [ -z "${BENCH_DIR:-}" ] || { echo "bench.sh: no gen_corpus.py in $bench_dir" >&2; exit 2; }
  bench_dir="$root/benches"
fi

tools=(draaiboek)
if [ "$smoke" = 0 ]; then
  command -v hugo >/dev/null && tools+=(hugo) || echo "bench.sh: hugo not on PATH, Hugo columns stay empty (Debian: apt-get install hugo)" >&2
  command -v zola >/dev/null && tools+=(zola)
  [ -z "${DRAAIBOEK_PREV_BIN:-}" ] || tools+=(vorige)
fi

out_root="$root/target/bench"
mkdir -p "$out_root"
fs="$(stat -f -c %T "$out_root" 2>/dev/null || echo unknown)"
[ "$fs" != tmpfs ] || echo "bench.sh: warning: $out_root is on tmpfs; figures will not match a disk" >&2
stats=(python3 "$root/benches/bench_stats.py")
results="$out_root/results.jsonl"
: > "$results"

if [ -n "${DRAAIBOEK_BIN:-}" ]; then
  # The smoke test in tests/bench_smoke.rs passes the binary it was built with.
  bin="$DRAAIBOEK_BIN"
else
  echo "== cargo build --release --locked" >&2
  (cd "$root" && cargo build --release --locked)
  bin="${CARGO_TARGET_DIR:-$root/target}/release/draaiboek"
fi
[ -x "$bin" ] || { echo "bench.sh: no binary at $bin" >&2; exit 1; }

# The command that builds the corpus of N with TOOL into OUT, in ${cmd[@]}.
command_for() {
  local tool="$1" corpus="$2" content="$3" out="$4"
  case "$tool" in
    draaiboek) cmd=("$bin" build --content "$content" --themes "$root/themes" --output "$out") ;;
    vorige)    cmd=("$DRAAIBOEK_PREV_BIN" build --content "$content" --themes "$root/themes" --output "$out") ;;
    hugo)      cmd=(hugo --source "$corpus/hugo" --destination "$out" --quiet) ;;
    zola)      cmd=(zola --root "$corpus/zola" build --output-dir "$out" --force) ;;
  esac
}

# move_aside CORPUS TOOL OUT: OUT into CORPUS/out/.old, deleted after the
# last run of this N (see "first build" above).
move_aside() {
  [ -e "$3" ] || return 0
  mkdir -p "$1/out/.old"
  mv "$3" "$(mktemp -d "$1/out/.old/$2.XXXXXX")/"
}

# run_once TOOL N CORPUS CONTENT SCENARIO: one timed build.
run_once() {
  local tool="$1" n="$2" corpus="$3" content="$4" scenario="$5"
  local out="$corpus/out/$tool" log="$corpus/$tool.log"
  command_for "$tool" "$corpus" "$content" "$out"
  if [ "$scenario" = "first build" ]; then
    move_aside "$corpus" "$tool" "$out"
    sync
  fi
  "${stats[@]}" run "$results" --n "$n" --tool "$tool" --scenario "$scenario" --output "$out" --log "$log" -- "${cmd[@]}"
}

# Per N: a warm-up of every tool, then the runs of each scenario with the
# tools taking turns, so a machine that speeds up or slows down during the
# benchmark weighs on every tool alike.
for n in "${ns[@]}"; do
  corpus="$out_root/$n"
  echo "== N=$n: corpus in ${corpus#"$root"/}" >&2
  content="$(GEN_CORPUS="$bench_dir/gen_corpus.py" "$root/benches/corpus.sh" "$n" "$corpus")"
  for tool in "${tools[@]}"; do
    out="$corpus/out/$tool" log="$corpus/$tool.log"
    move_aside "$corpus" "$tool" "$out"
    command_for "$tool" "$corpus" "$content" "$out"
    for ((i = 0; i < WARMUP; i++)); do
      "${cmd[@]}" >"$log" 2>&1 || { echo "bench.sh: $tool warm-up build failed:" >&2; tail -n 20 "$log" >&2; exit 1; }
    done
  done
  # The rebuild runs overwrite the output of the last first build in place.
  for scenario in "first build" rebuild; do
    for ((i = 0; i < RUNS; i++)); do
      for tool in "${tools[@]}"; do
        run_once "$tool" "$n" "$corpus" "$content" "$scenario"
      done
    done
  done
  rm -rf "$corpus/out/.old"
done

{
  echo
  echo "## draaiboek build benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)," \
       "$(nproc) cores, output on $fs, RUNS=$RUNS WARMUP=$WARMUP, peak RSS via" \
       "$([ -x /usr/bin/time ] && echo /usr/bin/time || echo getrusage)," \
       "load average at the end $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  for tool in "${tools[@]:1}"; do
    case "$tool" in
      hugo) echo "$(hugo version 2>/dev/null | cut -d' ' -f1-2)" ;;
      zola) echo "$(zola --version 2>/dev/null)" ;;
    esac
  done
  echo
  "${stats[@]}" report "$results"
} | tee "$out_root/results.md"
[ "$smoke" = 0 ] || echo "smoke: ok"
