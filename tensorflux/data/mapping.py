"""Transformations that run a user function per element: ``map``, ``filter``, ``take_while``, ``scan``.

A parallel ``map`` hands elements to a thread pool and keeps ``num_parallel_calls`` calls in
flight, so while the consumer (a training step) works, the next elements are being computed.
NumPy and file reads release the GIL, so the threads overlap for real; pure-Python work
overlaps only with work that releases the GIL (as with TF's ``py_function``).
"""

from __future__ import annotations

import collections
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

import numpy as np

from ..framework.shape import TensorSpec
from . import functions, structure
from . import options as options_lib
from .dataset import Dataset
from .slicing import tolerate


class MapDataset(Dataset):
    """``map_func`` applied to each element, optionally on a thread pool."""

    def __init__(self, input_dataset, map_func, num_parallel_calls=None, deterministic=None, output_spec=None):
        super().__init__([input_dataset])
        self._input, self._func = input_dataset, map_func
        self._parallel, self._deterministic = num_parallel_calls, deterministic
        self._spec = output_spec  # known in advance for tensorflux's own functions (directory loaders)
        self._tf_name = "_MapDataset" if num_parallel_calls is None else "_ParallelMapDataset"

    def _compute_spec(self):
        return functions.output_spec(self._func, self._input)

    def _cardinality(self):
        return self._input._cardinality()

    def _iterate(self):
        if self._parallel is None:
            func = self._func
            for element in self._input._iterate():
                try:
                    out = functions.apply(func, element)
                except Exception as error:
                    if tolerate(error):
                        continue
                    raise
                yield out
            return
        options = self.options()
        workers = self._parallel
        if workers == options_lib.AUTOTUNE:
            workers = options_lib.autotuned_parallelism(options)
        deterministic = self._deterministic
        if deterministic is None:
            deterministic = options.deterministic is not False
        yield from parallel_apply(self._func, self._input._iterate(), workers, deterministic)


def parallel_apply(func, elements, workers, deterministic=True):
    """``func`` on each element on ``workers`` threads, keeping ``workers`` calls ahead of the consumer.

    In order, or (``deterministic=False``) as they finish.
    """
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tensorflux-data-map")
    pending = collections.deque() if deterministic else set()
    try:
        try:
            for element in elements:
                future = pool.submit(functions.apply, func, element)
                if deterministic:
                    pending.append(future)
                else:
                    pending.add(future)
                if len(pending) > workers:
                    pending = yield from _finished(pending, deterministic)
        except Exception:  # the input failed: what came before it is delivered first
            while pending:
                pending = yield from _finished(pending, deterministic)
            raise
        while pending:
            pending = yield from _finished(pending, deterministic)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        elements.close()


def _finished(pending, deterministic):
    """Yields the oldest result (or every finished one); returns what is still pending."""
    if deterministic:
        done = [pending.popleft()]
    else:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
    for future in done:
        try:
            out = future.result()
        except Exception as error:
            if tolerate(error):
                continue
            raise
        yield out
    return pending


def _predicate_value(value):
    """A predicate's result as a Python bool; TF's ValueError when it is not a scalar tf.bool."""
    array = structure.to_component(value, copy=False)
    if structure._is_dataset(array) or array.dtype != np.bool_ or array.ndim != 0:
        raise ValueError("Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return "
                         f"type is {structure.leaf_spec(array)}.")
    return bool(array)


class FilterDataset(Dataset):
    """The elements for which the predicate holds."""

    _tf_name = "_FilterDataset"

    def __init__(self, input_dataset, predicate):
        super().__init__([input_dataset])
        self._input, self._predicate = input_dataset, predicate

    def _compute_spec(self):
        return self._input.element_spec

    def _iterate(self):
        predicate = self._predicate
        for element in self._input._iterate():
            try:
                keep = _predicate_value(functions.call(predicate, element))
            except Exception as error:
                if tolerate(error):
                    continue
                raise
            if keep:
                yield element


class TakeWhileDataset(Dataset):
    """The elements before the first one the predicate rejects."""

    _tf_name = "_TakeWhileDataset"

    def __init__(self, input_dataset, predicate):
        super().__init__([input_dataset])
        self._input, self._predicate = input_dataset, predicate

    def _compute_spec(self):
        return self._input.element_spec

    def _iterate(self):
        for element in self._input._iterate():
            if not _predicate_value(functions.call(self._predicate, element)):
                return
            yield element


class ScanDataset(Dataset):
    """A running state through the elements: ``scan_func(state, element) -> (state, output)``."""

    _tf_name = "_ScanDataset"

    def __init__(self, input_dataset, initial_state, scan_func):
        super().__init__([input_dataset])
        self._input, self._func = input_dataset, scan_func
        self._initial = structure.normalize(initial_state)

    def _step(self, state, element):
        result = self._func(structure.to_tensors(state), structure.to_tensors(element))
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise TypeError("The scan function must return a pair `(new_state, output_element)`.")
        return structure.normalize(result[0], list_is_tuple=True), structure.normalize(result[1], list_is_tuple=True)

    def _compute_spec(self):
        state_spec = structure.spec_of(self._initial)
        spec = functions.trace(lambda state, element: self._func(state, element)[1], (state_spec,
                                                                                      self._input.element_spec))
        if spec is not None:
            return spec
        iterator = self._input._iterate()
        try:
            first = next(iterator, None)
        finally:
            iterator.close()
        if first is None:
            return TensorSpec(None)
        return structure.relax(structure.spec_of(self._step(self._initial, first)[1]))

    def _cardinality(self):
        return self._input._cardinality()

    def _iterate(self):
        state = self._initial
        for element in self._input._iterate():
            state, output = self._step(state, element)
            yield output
