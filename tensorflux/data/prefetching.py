"""``prefetch``: a background thread computes elements ahead of the consumer.

The thread runs the upstream pipeline (with its own parallel ``map`` pools) and fills a bounded
queue; the consumer takes from the queue. An error upstream reaches the consumer at the element
where it happened. When the consumer stops early (``break``, a dropped iterator) the thread is
told to stop and exits within a fraction of a second.
"""

from __future__ import annotations

import contextvars
import queue
import threading

from . import options as options_lib
from .slicing import _PassThrough

AUTOTUNED_BUFFER = 4  # elements computed ahead when the buffer size is AUTOTUNE

_ITEM, _END, _ERROR = 0, 1, 2
_POLL_SECONDS = 0.1  # how often a blocked producer checks whether the consumer has gone


class PrefetchDataset(_PassThrough):
    _tf_name = "_PrefetchDataset"

    def __init__(self, input_dataset, buffer_size):
        super().__init__(input_dataset)
        if buffer_size < 0 and buffer_size != options_lib.AUTOTUNE:
            raise ValueError(f"Invalid `buffer_size`: {buffer_size}; use a non-negative number or AUTOTUNE.")
        self._size = AUTOTUNED_BUFFER if buffer_size == options_lib.AUTOTUNE else buffer_size

    def _iterate(self):
        if self._size == 0:
            yield from self._input._iterate()
        else:
            yield from background(self._input._iterate(), self._size)


def background(elements, buffer_size):
    """Yields what the generator ``elements`` yields, computed by a thread ``buffer_size`` ahead."""
    buffer = queue.Queue(maxsize=buffer_size)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                buffer.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for element in elements:
                if not put((_ITEM, element)):
                    return
            put((_END, None))
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, raised there
            put((_ERROR, error))
        finally:
            elements.close()

    # The thread sees the consumer's context (``ignore_errors`` is carried that way).
    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(produce,), name="tensorflux-data-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = buffer.get()
            if kind == _END:
                return
            if kind == _ERROR:
                raise value
            yield value
    finally:
        stop.set()
