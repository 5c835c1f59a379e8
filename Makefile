.PHONY: run test setup lint bench

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

lint:
	.venv/bin/ruff check pos tests && .venv/bin/lint-imports

bench:
	bash bench/run.sh
