.PHONY: run test bench
run:  ## install what is missing and start the portal on http://localhost:3000
	bash scripts/run.sh
test: ## install what is missing (Chromium too) and run every test
	bash scripts/test.sh
bench: ## run the benchmarks in bench/
	bash scripts/setup.sh --browser && . scripts/env.sh && python -m bench
