"""Keras layers: the regularization family (one layer per file)."""
