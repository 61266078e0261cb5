#!/usr/bin/env python3
"""Reads the comments of annotated copies back, with other tools than livrable's own.

Used by tests/annotate.rs. Prints one JSON object: for each file given, its comments with
their place, author and text, and for workbooks the fill and border of every cell that has
a comment or a fill (to check that the highlight is a border added to the candidate's own
colours).

    readback.py FILE...

XLSX: openpyxl (Debian: python3-openpyxl). PPTX: the comments parts, read with the
standard library (python-pptx does not read comments); place `slide N`. ODP (what
LibreOffice Impress saves from a copy): the comments of each `draw:page`.
"""

import json
import posixpath
import sys
import zipfile
import xml.etree.ElementTree as ET

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# LibreOffice Impress writes a slide's comments in its own namespace (ODF 1.2 has no
# annotations on pages).
OFFICEOOO = "{http://openoffice.org/2009/office}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"


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


def rels(z, part):
    """The relationships of a part: id -> (type, resolved target)."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", name + ".rels")
    if path not in z.namelist():
        return {}
    out = {}
    for r in ET.fromstring(z.read(path)).iter(REL + "Relationship"):
        target = posixpath.normpath(posixpath.join(folder, r.get("Target")))
        out[r.get("Id")] = (r.get("Type").rsplit("/", 1)[-1], target)
    return out


def pptx(path):
    z = zipfile.ZipFile(path)
    pres = "ppt/presentation.xml"
    pres_rels = rels(z, pres)
    authors = {}
    for kind, target in pres_rels.values():
        if kind == "commentAuthors":
            for a in ET.fromstring(z.read(target)).iter(P + "cmAuthor"):
                authors[a.get("id")] = a.get("name")
    comments = []
    slides = ET.fromstring(z.read(pres)).iter(P + "sldId")
    for number, sld in enumerate(slides, start=1):
        slide = pres_rels[sld.get(R + "id")][1]
        for kind, target in rels(z, slide).values():
            if kind != "comments":
                continue
            for cm in ET.fromstring(z.read(target)).iter(P + "cm"):
                comments.append(
                    {
                        "place": f"slide {number}",
                        "author": authors.get(cm.get("authorId")),
                        "text": cm.find(P + "text").text or "",
                    }
                )
    return {"comments": comments}


def odp(path):
    content = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    comments = []
    for number, page in enumerate(content.iter(DRAW + "page"), start=1):
        for a in page.iter(OFFICEOOO + "annotation"):
            creator = a.find(DC + "creator")
            lines = ["".join(p.itertext()) for p in a.iter(TEXT + "p")]
            comments.append(
                {
                    "place": f"slide {number}",
                    "author": creator.text if creator is not None else None,
                    "text": "\n".join(lines),
                }
            )
    return {"comments": comments}


READERS = {".xlsx": xlsx, ".pptx": pptx, ".odp": odp}


def main():
    out = {}
    for path in sys.argv[1:]:
        reader = READERS.get(posixpath.splitext(path.lower())[1])
        if reader is None:
            sys.exit(f"readback.py: no reader for {path}")
        out[path] = reader(path)
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
