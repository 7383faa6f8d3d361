"""Keras layers: the core family (one layer per file)."""
