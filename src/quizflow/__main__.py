"""`python -m quizflow` is the `quizflow` command."""

from quizflow.cli.main import main

main()
