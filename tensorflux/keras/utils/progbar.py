"""``keras.utils.Progbar``: Keras 3's progress bar, character for character.

``verbose=1`` redraws one line in place (``\\r``): ``3/3 ━━━━━━━━━━━━━━━━━━━━ 1s 71ms/step - loss: 0.7214``;
``verbose=2`` prints one line when finished: ``3/3 - 1s - 240ms/step - loss: 0.7214``. Keras writes
its colour codes everywhere; here they are written only when stdout is a terminal.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np

from ..api_export import keras_export


def _use_colour() -> bool:
    return hasattr(sys.stdout, "isatty") and sys.stdout.isatty()


def _style(code: str, text: str, colour: bool) -> str:
    return f"{code}{text}\x1b[0m" if colour else text


def print_msg(message: str, line_break: bool = True) -> None:
    sys.stdout.write(f"{message}\n" if line_break else message)
    sys.stdout.flush()


@keras_export(["keras.utils.Progbar"])
class Progbar:
    """Displays a progress bar.

    Args:
        target: total number of steps expected, None if unknown.
        width: progress bar width on screen.
        verbose: 0 (silent), 1 (redrawn bar), 2 (one line at the end).
        interval: minimum seconds between redraws.
        stateful_metrics: names of values shown as given (the others are averaged over steps).
        stateless_metrics: names of values averaged over steps (the others are shown as given).
        unit_name: what a step is called (``step`` or ``sample``).

    >>> bar = Progbar(2, verbose=0)
    >>> bar.update(2, [("loss", 0.5)])
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None, stateless_metrics=None,
                 unit_name="step"):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError("Only one of `stateful_metrics` or `stateless_metrics` can be provided. "
                             "`stateful_metrics` is used to make metrics stateless by default (with an exclusion "
                             "list), while `stateless_metrics` is used to make metrics stateful by default (with an "
                             "exclusion list).")
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateless_metrics is not None:
            self.stateful_metrics, self.stateless_metrics = None, set(stateless_metrics)
        else:
            self.stateful_metrics, self.stateless_metrics = set(stateful_metrics or ()), None
        self._seen_so_far = 0
        self._values = {}
        self._values_order = []
        self._start = time.time()
        self._last_update = 0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def update(self, current, values=None, finalize=None):
        """Shows step ``current`` with ``values`` (a list of ``(name, value)``)."""
        if finalize is None:
            finalize = False if self.target is None else current >= self.target
        self._record(current, values or [], finalize)
        now = time.time()
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            self._draw(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize and self.target is not None and self.target > 0:
            numdigits = int(math.log10(self.target)) + 1
            info = f"%{numdigits}d/%d" % (current, self.target)
            info += f" - {now - self._start:.0f}s -{self._format_time(time_per_unit)}"
            for k in self._values_order:
                info += f" - {k}: {self._format_value(self._average(k), signed=False)}"
            print_msg(info + "\n", line_break=False)
        self._last_update = now

    def add(self, n, values=None):
        self.update(self._seen_so_far + n, values)

    def _record(self, current, values, finalize):
        for k, v in values:
            if k not in self._values_order:
                self._values_order.append(k)
            stateless = k not in self.stateful_metrics if self.stateful_metrics is not None \
                else k in self.stateless_metrics
            if stateless and not finalize:
                base = max(current - self._seen_so_far, 1)
                if k not in self._values:
                    self._values[k] = [v * base, base]
                else:
                    self._values[k][0] += v * base
                    self._values[k][1] += base
            else:
                self._values[k] = [v, 1]
        self._seen_so_far = current

    def _draw(self, current, now, time_per_unit, finalize):
        colour = _use_colour()
        message = "\b" * self._prev_total_width + "\r"
        if self.target is not None and self.target > 0:
            numdigits = int(math.log10(self.target)) + 1
            count = f"%{numdigits}d/%d" % (current, self.target)
            prog_width = int(self.width * float(current) / self.target)
            plain_bar = f"{count} " + "━" * self.width
            bar = _style("\x1b[1m", count, colour) + " "
            if prog_width > 0:
                bar += _style("\33[32m", "━" * prog_width, colour)
            bar += _style("\33[37m", "━" * (self.width - prog_width), colour)
        else:
            plain_bar = bar = f"{current:7d}/Unknown"
        if self.target is not None and self.target > 0 and not finalize:
            elapsed = self._eta(time_per_unit * (self.target - current))
        else:
            elapsed = f"{now - self._start:.0f}s"
        plain_info = f" {elapsed}{self._format_time(time_per_unit)}"
        for k in self._values_order:
            plain_info += f" - {k}: {self._format_value(self._average(k), signed=True)}"
        info = " " + _style("\x1b[1m", elapsed, colour) + plain_info[len(elapsed) + 1:]
        total_width = len(plain_bar) + len(plain_info)
        message += bar + info
        if self._prev_total_width > total_width:
            message += " " * (self._prev_total_width - total_width)
        if finalize:
            message += "\n"
        print_msg(message, line_break=False)
        self._prev_total_width = total_width

    def _average(self, k):
        value, count = self._values[k]
        if not isinstance(value, float):
            value = np.mean(value)
        return value / max(1, count)

    @staticmethod
    def _format_value(avg, signed):
        large = abs(avg) > 1e-3 if signed else avg > 1e-3
        return f"{avg:.4f}" if large else f"{avg:.4e}"

    @staticmethod
    def _eta(eta):
        if eta > 3600:
            return f"{int(eta // 3600)}:{int((eta % 3600) // 60):02d}:{int(eta % 60):02d}"
        if eta > 60:
            return f"{int(eta // 60)}:{int(eta % 60):02d}"
        return f"{int(eta)}s"

    def _format_time(self, time_per_unit):
        if time_per_unit >= 1 or time_per_unit == 0:
            return f" {time_per_unit:.0f}s/{self.unit_name}"
        if time_per_unit >= 1e-3:
            return f" {time_per_unit * 1000.0:.0f}ms/{self.unit_name}"
        return f" {time_per_unit * 1000000.0:.0f}us/{self.unit_name}"

    def _estimate_step_duration(self, current, now):
        """Seconds per step; the first step (tracing, warm-up) is left out once there are more."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            time_per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            time_per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return time_per_unit
