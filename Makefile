# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := .demo/partyscreen.db

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The modules setup.py compiles with mypyc, and its hand-written C extensions (.c).
# A compiled module runs instead of its .py file, so editing one means building
# again: `make test` does it when needed.
NATIVE_SOURCES := $(shell sed -n 's|^    "\(partyscreen/.*\.py\)",$$|src/\1|p; s|^    "\(partyscreen/.*\.c\)",$$|src/\1|p' setup.py)

# Dependencies first, without compiling; then the compiled build, again whenever
# one of its sources changes (PARTYSCREEN_PURE_PYTHON=1 skips compiling).
$(VENV)/.installed: pyproject.toml setup.py | $(BIN)/python
	PARTYSCREEN_PURE_PYTHON=1 $(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

$(VENV)/.native: $(VENV)/.installed $(NATIVE_SOURCES)
	find src -name '*.so' -delete
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

.PHONY: native
native: $(VENV)/.native

demo: $(VENV)/.native
	@mkdir -p .demo
	@rm -f $(DEMO_DB)
	$(BIN)/partyscreen --db $(DEMO_DB) lists import --sample
	$(BIN)/partyscreen --db $(DEMO_DB) lists
	$(BIN)/partyscreen --db $(DEMO_DB) screen "Inspur Group"
	$(BIN)/partyscreen --db $(DEMO_DB) screen "Aivres Systems"
	$(BIN)/partyscreen --db $(DEMO_DB) screen "Huawei"
	$(BIN)/partyscreen --db $(DEMO_DB) screen "Acme Widgets LLC"

test: $(VENV)/.native
	$(BIN)/python -m pytest -q

# Matching benchmark against the open anchors, in its own venv (.venv-bench); see bench/README.md.
# Extra arguments: make bench BENCH_ARGS="--failures partyscreen"
bench:
	PYTHON=$(PYTHON) bash bench/bench.sh $(BENCH_ARGS)

# Screening benchmark (issue requirements: build, start-up, UN recall, false alerts, throughput,
# latency, scaling); see bench/README.md.  Extra arguments: make bench-screening SCREENING_ARGS="--quick"
.PHONY: bench-screening
bench-screening: $(VENV)/.installed
	$(BIN)/python bench/run_screening.py $(SCREENING_ARGS)

clean:
	rm -rf $(VENV) .demo
