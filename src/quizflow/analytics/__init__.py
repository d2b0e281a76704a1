"""Learning analytics computed from aggregates: pure, no database (the services feed it)."""
