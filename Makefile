# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := .demo/partyscreen.db

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	@mkdir -p .demo
	@rm -f $(DEMO_DB)
	$(BIN)/partyscreen --db $(DEMO_DB) lists import --sample
	$(BIN)/partyscreen --db $(DEMO_DB) lists
	$(BIN)/partyscreen --db $(DEMO_DB) screen "Inspur Group"
	$(BIN)/partyscreen --db $(DEMO_DB) screen "Aivres Systems"
	$(BIN)/partyscreen --db $(DEMO_DB) screen "Huawei"
	$(BIN)/partyscreen --db $(DEMO_DB) screen "Acme Widgets LLC"

test: $(VENV)/.installed
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
