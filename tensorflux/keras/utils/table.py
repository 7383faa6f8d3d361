"""The box-drawn table of ``model.summary()``, laid out exactly as Keras' (which uses ``rich``).

Columns have fixed widths; each cell has one space of padding on either side; when the widths
with padding and borders exceed the line length, every column gives up an equal share (rich's
``ratio_reduce``, with Python's rounding). Text wraps at spaces; a word longer than its column
is cut and ends with ``…``.
"""

from __future__ import annotations

import re
import unicodedata

# HEAVY_HEAD: a heavy frame around the header, light lines between the rows.
_TOP = ("┏", "━", "┳", "┓")
_HEAD = ("┃", "┃", "┃")
_HEAD_SEPARATOR = ("┡", "━", "╇", "┩")
_ROW = ("│", "│", "│")
_ROW_SEPARATOR = ("├", "─", "┼", "┤")
_BOTTOM = ("└", "─", "┴", "┘")

_WORD = re.compile(r"\s*\S+\s*")


def cell_len(text: str) -> int:
    """Terminal cells a string takes (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def ratio_reduce(total: int, ratios: list, maximums: list, values: list) -> list:
    """Takes ``total`` away from ``values`` in proportion to ``ratios`` (at most ``maximums`` each)."""
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    out = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            out.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            out.append(value)
    return out


def column_widths(widths: list, line_length: int) -> list:
    """Each column's width including its padding, fitted into ``line_length`` with the borders."""
    padded = [w + 2 for w in widths]
    available = line_length - (len(widths) + 1)
    padded = [min(w, available) for w in padded]
    if sum(padded) > available:
        padded = ratio_reduce(sum(padded) - available, [1] * len(padded), padded, padded)
    return padded


def _divide(text: str, width: int) -> list:
    """Word-wraps one line (words keep their trailing spaces; a too-long word stays whole)."""
    breaks, offset = [], 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            if start:
                breaks.append(start)
            offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    pieces, previous = [], 0
    for b in breaks:
        pieces.append(text[previous:b])
        previous = b
    pieces.append(text[previous:])
    return pieces


def _truncate(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        size = cell_len(ch)
        if used + size > width - 1:
            break
        out += ch
        used += size
    return out + " " * (width - 1 - used) + "…"


def wrap(text: str, width: int, justify: str) -> list:
    """The lines of a cell's text, each exactly ``width`` cells wide."""
    lines = []
    for paragraph in text.split("\n"):
        for line in _divide(paragraph, width):
            excess = cell_len(line) - width
            if excess > 0:
                trailing = len(line) - len(line.rstrip())
                line = line[: len(line) - min(trailing, excess)]
            if justify == "right":
                line = _truncate(line.rstrip(), width)
                line = " " * (width - cell_len(line)) + line
            elif justify == "center":
                line = _truncate(line.rstrip(), width)
                left = (width - cell_len(line)) // 2
                line = " " * left + line
                line += " " * (width - cell_len(line))
            else:
                line = _truncate(line, width)
                line += " " * (width - cell_len(line))
            lines.append(line)
    return lines


def render(headers: list, rows: list, widths: list, justify: list, line_length: int, style=None) -> str:
    """The whole table as text; ``style(kind, text)`` may decorate header and cell text (colours)."""
    widths = column_widths(widths, line_length)
    inner = [w - 2 for w in widths]
    style = style or (lambda kind, text: text)

    def rule(parts):
        left, fill, cross, right = parts
        return left + cross.join(fill * w for w in widths) + right

    def row_lines(cells, verticals, kind):
        wrapped = [wrap(cell, w, j) for cell, w, j in zip(cells, inner, justify)]
        height = max(len(c) for c in wrapped)
        out = []
        for i in range(height):
            parts = [style(kind, c[i]) if i < len(c) else " " * w for c, w in zip(wrapped, inner)]
            left, middle, right = verticals
            out.append(left + middle.join(f" {p} " for p in parts) + right)
        return out

    lines = [rule(_TOP)]
    lines += row_lines(headers, _HEAD, "header")
    lines.append(rule(_HEAD_SEPARATOR))
    for index, row in enumerate(rows):
        if index:
            lines.append(rule(_ROW_SEPARATOR))
        lines += row_lines(row, _ROW, "cell")
    lines.append(rule(_BOTTOM))
    return "\n".join(lines)
