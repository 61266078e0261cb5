#!/usr/bin/env python3
"""Reads the comments of annotated copies back, with other tools than livrable's own.

Used by tests/annotate.rs. Prints one JSON object: for each file given, its comments with
their place, author and text, and for workbooks the fill and border of every cell that has
a comment or a fill (to check that the highlight is a border added to the candidate's own
colours).

    readback.py FILE...

XLSX: openpyxl (Debian: python3-openpyxl).
"""

import json
import sys


def rgb(colour):
    """An ARGB colour as openpyxl reads it, or None (no colour, or a theme colour)."""
    value = getattr(colour, "rgb", None)
    return value if isinstance(value, str) else None


def xlsx(path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    comments, cells = [], {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                place = f"{ws.title}!{c.coordinate}"
                if c.comment is not None:
                    comments.append(
                        {"place": place, "author": c.comment.author, "text": c.comment.text}
                    )
                fill = rgb(c.fill.fgColor) if c.fill.fill_type == "solid" else None
                border = c.border.left
                if c.comment is not None or fill:
                    cells[place] = {
                        "fill": fill,
                        "border": border.style,
                        "border_colour": rgb(border.color),
                    }
    return {"comments": comments, "cells": cells}


def main():
    out = {}
    for path in sys.argv[1:]:
        if path.lower().endswith(".xlsx"):
            out[path] = xlsx(path)
        else:
            sys.exit(f"readback.py: no reader for {path}")
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
