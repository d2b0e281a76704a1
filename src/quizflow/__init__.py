"""quizflow: branching multiple-choice scenarios backed by PostgreSQL."""

__version__ = "0.1.0"
