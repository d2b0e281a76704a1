"""Documents: import, normalise (sanitised HTML + plain text) and export."""
