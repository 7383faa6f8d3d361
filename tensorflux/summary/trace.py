"""``tf.summary.graph`` and the trace API (``trace_on``, ``trace_export``, ``trace_off``): op-level
graphs for TensorBoard's graph dashboard.

``graph(g)`` writes a ``GraphDef`` as the event's ``graph_def`` (step 0), which TensorBoard shows
as the run's graph. While a trace is on, every outermost graph that is built — a ``tf.function``
trace, or any ``Graph`` entered with ``as_default()`` — is collected; ``trace_export(name)``
writes them as a ``RunMetadata`` summary (plugin ``graph_run_metadata_graph``), shown under the
tag ``name``. Graphs are serialized when exported, so ops added after the graph was entered are
included. There is no profiler: ``profiler=True`` collects the graphs only, with a warning.
"""

from __future__ import annotations

import logging
import threading

import numpy as np

from ..framework.graph import Graph
from ..framework.primitive import STATE as ENGINE_STATE
from ..framework.primitive import constant
from . import messages
from .graph_def import graph_def, run_metadata
from .state import STATE, recording_condition, step_tensor, summary_scope
from .write import tensor_summary

RUN_METADATA_GRAPH_PLUGIN = "graph_run_metadata_graph"

_logger = logging.getLogger("tensorflow")
_lock = threading.Lock()
_trace = None  # the graphs collected since trace_on, or None when no trace is on


def graph(graph_data):
    """Writes a graph (a ``tf.Graph``, or a ``GraphDef`` with ``SerializeToString``) to the default writer.

    Returns:
        A bool tensor: True when written, False when there is no default writer or recording is off.

    Raises:
        ValueError: inside a graph being built, or for an argument that is not a graph.

    >>> import tempfile, tensorflux as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     c = tf.constant(30.0)
    >>> with tf.summary.create_file_writer(tempfile.mkdtemp()).as_default():
    ...     bool(tf.summary.graph(g))
    True
    """
    if ENGINE_STATE.graphs:
        raise ValueError("graph() cannot be invoked inside a graph context.")
    if STATE.writer is None or recording_condition() is not True:
        return constant(np.array(False))
    if isinstance(graph_data, Graph):
        serialized = graph_def(graph_data)
    elif type(graph_data).__name__ == "GraphDef" and hasattr(graph_data, "SerializeToString"):
        serialized = graph_data.SerializeToString()
    else:
        raise ValueError("Argument 'graph_data' is not tf.Graph or tf.compat.v1.GraphDef. Received graph_data="
                         f"{graph_data} of type {type(graph_data).__name__}.")
    STATE.writer.write_event(0, graph_def=serialized)
    return constant(np.array(True))


class _ObservedGraphStack(list):
    """The engine's stack of graphs being built, noting each outermost graph pushed while a trace is on.

    A stopgap: the engine has no hook for "a graph is being built" yet, so ``trace_on`` swaps
    this list in for the engine's own and ``trace_off`` swaps a plain list back.
    """

    def append(self, graph):
        if not self:
            collect(graph)
        super().append(graph)


def collect(graph) -> None:
    """Adds ``graph`` to the active trace (once); nothing happens when no trace is on."""
    with _lock:
        if _trace is not None and all(g is not graph for g in _trace):
            _trace.append(graph)


def trace_on(graph=True, profiler=False, profiler_outdir=None):
    """Starts collecting the graphs that are built (``tf.function`` traces), for ``trace_export``."""
    global _trace
    if ENGINE_STATE.graphs:
        _logger.warning("Cannot enable trace inside a tf.function.")
        return
    with _lock:
        if _trace is not None:
            _logger.warning("Trace already enabled")
            return
        if profiler:
            _logger.warning("tensorflux has no profiler: the trace collects graphs only.")
        _trace = []
        ENGINE_STATE.graphs = _ObservedGraphStack(ENGINE_STATE.graphs)


def trace_off():
    """Stops the trace and discards what it collected."""
    global _trace
    with _lock:
        if _trace is None:
            return
        _trace = None
        ENGINE_STATE.graphs = list(ENGINE_STATE.graphs)


def trace_export(name, step=None, profiler_outdir=None):
    """Stops the trace and writes its graphs to the default writer, under the tag ``name``.

    Raises:
        ValueError: when no trace is on, or a writer is set but there is no step.
    """
    if step is not None:
        step = step_tensor(step)
    if ENGINE_STATE.graphs:
        _logger.warning("Cannot export trace inside a tf.function.")
        return
    with _lock:
        if _trace is None:
            raise ValueError("Must enable trace before export through tf.summary.trace_on.")
        graphs = list(_trace)
    metadata = messages.plugin_metadata(RUN_METADATA_GRAPH_PLUGIN, b"1")
    with summary_scope(name, "graph_run_metadata_graph_summary", [step]) as (tag, _):
        tensor_summary(tag, lambda: run_metadata(graph_def(g) for g in graphs), step, metadata)
    trace_off()
