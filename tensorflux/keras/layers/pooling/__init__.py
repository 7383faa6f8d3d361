"""Keras layers: the pooling family (one layer per file)."""
