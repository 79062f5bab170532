# WOXLY: the two commands of the README, and a few helpers.
#   make run            build and start the whole product (SQLite in ./data, http://127.0.0.1:7878)
#   make test           run the whole test suite: Rust on SQLite, then the web client's unit and
#                       browser tests (Debian's Chromium, installed if missing)
#   make test-postgres  the Rust suite on PostgreSQL (WOXLY_TEST_POSTGRES names the server), with
#                       the cluster tests (several nodes, a Redis of their own from redis-server),
#                       Rust and browser
#   make lint           rustfmt, clippy, the TypeScript checker and ESLint (with the web client's import
#                       boundaries), warnings as errors
#   make bench          the benchmark against the Node.js baseline (about an hour and a half; docs/benchmarks.md)

WOXLY_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/postgres
export WOXLY_TEST_POSTGRES

NPM := npm --prefix web --no-audit --no-fund

.PHONY: run build web test test-rust test-web test-postgres lint system-packages bench

run: build
	./target/release/woxly

build: web
	cargo build --release --locked --bin woxly

# The web client, built into web/dist (the server serves it at /). npm ci only when the lock file changed.
web: web/node_modules/.package-lock.json
	$(NPM) run build

web/node_modules/.package-lock.json: web/package-lock.json
	$(NPM) ci

test: system-packages test-rust test-web

# The several-node tests need PostgreSQL: they run in test-postgres.
test-rust:
	env -u WOXLY_TEST_POSTGRES cargo test --workspace --locked -- --skip several_nodes_

# Unit tests (Vitest), then the browser tests (Playwright) against the debug server binary.
test-web: web
	cargo build --locked --bin woxly
	$(NPM) test
	$(NPM) run e2e

test-postgres: system-packages web
	cargo test --workspace --locked
	cargo build --locked --bin woxly
	WOXLY_E2E_CLUSTER=1 $(NPM) run e2e

lint: web/node_modules/.package-lock.json
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	$(NPM) run typecheck
	$(NPM) run lint

system-packages:
	./scripts/ensure-system-packages

bench:
	./bench/run
