"""Keras layers: the activations family (one layer per file)."""
