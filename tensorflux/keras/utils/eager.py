"""Leaving a trace for a moment: weights are created eagerly even when a layer builds lazily
inside a symbolic call (TF's ``tf.init_scope``)."""

from ...framework.primitive import init_scope  # noqa: F401
