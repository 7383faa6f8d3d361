"""Keras layers: the convolutional family (one layer per file)."""
