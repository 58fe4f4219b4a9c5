.PHONY: run test bench soak
run:  ## install what is missing and start the portal on http://localhost:3000
	bash scripts/run.sh
test: ## install what is missing (Chromium too) and run every test
	bash scripts/test.sh
bench: ## run the benchmarks in bench/
	bash scripts/setup.sh --browser && . scripts/env.sh && python -m bench
soak: ## the scaled-stack browser journeys (behind TLS) 5 times in a row; ROUNDS=n for another count
	bash scripts/soak.sh
