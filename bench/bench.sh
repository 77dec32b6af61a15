#!/usr/bin/env bash
# `make bench`: the benchmark environment and the matching benchmark.
#
#   .venv-bench   python3 -m venv; partyscreen editable + bench/requirements.txt
#   run           python bench/run_matching.py "$@"
#
# nomenklatura's pins agree with partyscreen's today, so one venv holds both.  Should
# a later partyscreen pin clash (pip cannot resolve both), the anchors go to a second
# venv, .venv-anchor, and are measured there in a subprocess (--anchor-python).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
BENCH=.venv-bench
ANCHOR=.venv-anchor

make_venv() {
    if [ ! -x "$1/bin/python" ]; then
        "$PYTHON" -m venv "$1"
        echo '*' > "$1/.gitignore"   # keep the venv out of git
        "$1/bin/python" -m pip install -q --upgrade pip
    fi
}

make_venv "$BENCH"
find src -name '*.so' -delete   # setup.py compiles partyscreen's hot path afresh (mypyc)
if "$BENCH/bin/python" -m pip install -q -e . -r bench/requirements.txt; then
    exec "$BENCH/bin/python" bench/run_matching.py "$@"
fi

echo "bench: nomenklatura's pins conflict with partyscreen's; anchors go to $ANCHOR" >&2
"$BENCH/bin/python" -m pip install -q -e .
make_venv "$ANCHOR"
"$ANCHOR/bin/python" -m pip install -q -r bench/requirements.txt \
    || "$ANCHOR/bin/python" -m pip install -q "$(grep -m1 '^nomenklatura==' bench/requirements.txt)" rapidfuzz normality
exec "$BENCH/bin/python" bench/run_matching.py --anchor-python "$ANCHOR/bin/python" "$@"
