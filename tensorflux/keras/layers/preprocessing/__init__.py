"""Keras layers: the preprocessing family (one layer per file)."""
