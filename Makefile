# Two commands on a fresh machine: `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test fuzz lint bench bench-peers docs clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,protobuf]'
	@touch $(STAMP)

install: $(STAMP)

demo: install
	@echo '$$ apidiff diff fixtures/petstore/old.yaml fixtures/petstore/new.yaml'
	@$(BIN)/apidiff diff --no-color fixtures/petstore/old.yaml fixtures/petstore/new.yaml
	@echo
	@echo '$$ apidiff breaking fixtures/petstore/old.yaml fixtures/petstore/new.yaml'
	@$(BIN)/apidiff breaking --no-color fixtures/petstore/old.yaml fixtures/petstore/new.yaml; \
	  echo "(exit code $$?: 1 means breaking changes were found)"
	@echo
	@echo '$$ apidiff breaking fixtures/starwars/old.graphql fixtures/starwars/new.graphql --operations fixtures/starwars/operations'
	@$(BIN)/apidiff breaking --no-color fixtures/starwars/old.graphql fixtures/starwars/new.graphql \
	  --operations fixtures/starwars/operations; \
	  echo "(exit code $$?: the client operations above no longer validate)"
	@echo
	@echo '$$ apidiff breaking fixtures/greeter/old fixtures/greeter/new --profile wire'
	@$(BIN)/apidiff breaking --no-color fixtures/greeter/old fixtures/greeter/new --profile wire; \
	  echo "(exit code $$?: a removed RPC and a renumbered field break even binary-only clients)"
	@echo
	@echo '$$ apidiff diff fixtures/asyncapi/response-required-property-removed/old.yaml .../new.yaml'
	@$(BIN)/apidiff diff --no-color fixtures/asyncapi/response-required-property-removed/old.yaml \
	  fixtures/asyncapi/response-required-property-removed/new.yaml; \
	  echo "(an event API: the payload is judged as consumers read it where the application sends it, as producers write it where it receives it)"

# Two workers (pytest-xdist): the suite spends much of its time waiting on git, protoc and
# forked parses, and the machines here have two cores. Work stealing: a worker that runs out
# takes tests from the other's queue, so a few slow corpus tests near the end do not leave
# one core idle (108 -> 92 s here).
test: install
	$(BIN)/python -m pytest -n auto --dist worksteal

# Long fuzzing run (about 10 minutes here): many more mutated contracts, configuration files
# and GraphQL client operations than the test suite's, and mutated SDL read by both GraphQL
# readers (the hand-written one must give graphql-core's model or give up).
FUZZ_EXAMPLES ?= 20000
FUZZ_PROTO_EXAMPLES ?= 500
fuzz: install
	APIDIFF_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) APIDIFF_FUZZ_PROTO_EXAMPLES=$(FUZZ_PROTO_EXAMPLES) \
	  $(BIN)/python -m pytest -q tests/test_fuzz.py tests/test_sdl_reader.py \
	  -p no:cacheprovider --hypothesis-show-statistics

lint: install
	$(BIN)/ruff check apidiff tests
	$(BIN)/ruff format --check apidiff tests || true

# The documentation site: docs/rules.md regenerated, then the site's sources (a page per rule
# from the catalog, the guide, format, report, security and architecture pages) written to
# build/docs/ and built with MkDocs, strict (a broken link or anchor fails it). The `docs`
# extra is installed in the venv on first use; it is never a runtime dependency.
DOCS_STAMP := $(VENV)/.docs-stamp
$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,protobuf,docs]'
	@touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	$(BIN)/apidiff rules --format markdown > docs/rules.md
	$(BIN)/python docs/build_site.py build/docs
	@# Not --quiet: it hides warnings from --strict's count (the build would pass with them).
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -f build/docs/mkdocs.yml
	@echo "site: build/docs/site/index.html"

# Time and peak memory per contract pair against a parse-only floor (tests/benchmarks/README.md).
# The real pairs come from ../shared/corpus when present. E.g. BENCH_ARGS="--runs 1 --no-corpus".
BENCH_ARGS ?=
bench: install
	@# Byte-compile as an installed package is (some shells set PYTHONDONTWRITEBYTECODE).
	@$(BIN)/python -m compileall -q apidiff >/dev/null
	$(BIN)/python tests/benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis

# The peers `make bench` runs beside apidiff, installed into a git-ignored folder: graphql-inspector
# (its CLI and core, on graphql-js 16) from the npm registry. Needs node and npm; `make bench`
# without them skips the peer's columns with a note.
PEERS := tests/benchmarks/.peers
bench-peers:
	@command -v npm >/dev/null || { echo "npm is not installed: the peers are skipped"; exit 1; }
	mkdir -p $(PEERS)
	cd $(PEERS) && npm install --no-audit --no-fund --silent \
	  @graphql-inspector/cli@7.0.0 @graphql-inspector/core@8.0.0 graphql@16.15.0
