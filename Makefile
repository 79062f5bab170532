# WOXLY: the two commands of the README, and a few helpers.
#   make run            build and start the whole product (SQLite in ./data, http://127.0.0.1:7878)
#   make test           run the whole test suite (SQLite)
#   make test-postgres  the same suite on PostgreSQL (WOXLY_TEST_POSTGRES names the server)
#   make lint           rustfmt and clippy, warnings as errors

WOXLY_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/postgres
export WOXLY_TEST_POSTGRES

.PHONY: run build test test-postgres lint system-packages

run: build
	./target/release/woxly

build:
	cargo build --release --locked --bin woxly

test: system-packages
	env -u WOXLY_TEST_POSTGRES cargo test --workspace --locked

test-postgres: system-packages
	cargo test --workspace --locked

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

system-packages:
	./scripts/ensure-system-packages
