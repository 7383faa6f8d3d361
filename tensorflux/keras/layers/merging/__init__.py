"""Keras layers: the merging family (one layer per file)."""
