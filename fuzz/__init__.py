"""Coverage-guided fuzzing of every importer (atheris): `make fuzz` or `python -m fuzz`."""
