"""Keras layers: the reshaping family (one layer per file)."""
