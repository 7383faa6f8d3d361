"""Keras layers: the normalization family (one layer per file)."""
