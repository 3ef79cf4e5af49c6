#!/usr/bin/env bash
# Writes the shared benchmark corpus of N regions into DIR and adapts its
# draaiboek tree to the content model where the generator is behind it:
# themes need a `definition`, and process entries name a step in steps/.
# Usage: benches/corpus.sh N DIR   (needs the generator in ../shared/bench)
set -euo pipefail
n="$1"; out="$2"
here="$(cd "$(dirname "$0")/.." && pwd)"
gen="${GEN_CORPUS:-$here/../shared/bench/gen_corpus.py}"
python3 "$gen" "$n" --out "$out" >/dev/null
content="$out/draaiboek/content"
for f in "$content"/themes/*.md; do
  grep -q '^definition:' "$f" || sed -i '0,/^title:/s//definition: Thema uit het benchmarkcorpus.\n&/' "$f"
done
mkdir -p "$content/steps"
printf -- '---\ntitle: Ondertekening\norder: 1\n---\nDe bestuurlijke ondertekening.\n' > "$content/steps/ondertekening.md"
echo "$content"
