"""quizflow's benchmarks: `python -m bench` runs them all (what `make bench` calls)."""
