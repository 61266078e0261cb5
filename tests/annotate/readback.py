#!/usr/bin/env python3
"""Reads the comments of annotated copies back, with other tools than livrable's own.

Used by tests/annotate.rs. Prints one JSON object: for each file given, its comments with
their place, author and text, and for workbooks the fill and border of every cell that has
a comment or a fill (to check that the highlight is a border added to the candidate's own
colours).

    readback.py FILE...

XLSX: openpyxl (Debian: python3-openpyxl). PPTX: the comments parts, read with the
standard library (python-pptx does not read comments); place `slide N`. ODP (what
LibreOffice Impress saves from a copy): the comments of each `draw:page`. DOCX and ODT:
the body read with the standard library, paragraphs and table cells counted as
livrable's `Location` documents them (a second, independent count); place `paragraph N`
or `table T row R column C`, and `anchored`, the text the comment spans.
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


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# What the DOCX reader leaves out, with its content.
DOCX_SKIPPED = {
    MC + "Fallback",
    W + "del",
    W + "moveFrom",
    W + "pPrChange",
    W + "rPrChange",
    W + "tblPrChange",
    W + "trPrChange",
    W + "tcPrChange",
    W + "sectPrChange",
    W + "numberingChange",
    W + "sdtPr",
}


def docx(path):
    z = zipfile.ZipFile(path)
    body = ET.fromstring(z.read("word/document.xml")).find(W + "body")
    texts = {}
    if "word/comments.xml" in z.namelist():
        for c in ET.fromstring(z.read("word/comments.xml")).iter(W + "comment"):
            lines = ["".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p")]
            texts[c.get(W + "id")] = (c.get(W + "author"), "\n".join(lines))
    places, anchored = {}, {}
    count = {"p": 0, "tbl": 0}
    open_ids = []

    def walk(el, box, cell):
        for child in el:
            tag = child.tag
            if tag in DOCX_SKIPPED:
                continue
            if tag == W + "txbxContent":
                walk(child, True, cell)
            elif tag == W + "tbl" and not box and cell is None:
                count["tbl"] += 1
                table = count["tbl"]
                for r, tr in enumerate(child.findall(W + "tr"), start=1):
                    before = tr.find(f"{W}trPr/{W}gridBefore")
                    column = 1 + (int(before.get(W + "val")) if before is not None else 0)
                    for tc in tr.findall(W + "tc"):
                        walk(tc, box, f"table {table} row {r} column {column}")
                        span = tc.find(f"{W}tcPr/{W}gridSpan")
                        column += int(span.get(W + "val")) if span is not None else 1
            elif tag == W + "p" and not box:
                if cell is None:
                    count["p"] += 1
                    place = f"paragraph {count['p']}"
                else:
                    place = cell
                mark(child, place)
                walk(child, box, cell)
            else:
                walk(child, box, cell)

    def mark(p, place):
        for el in p.iter(W + "commentRangeStart"):
            places.setdefault(el.get(W + "id"), place)

    walk(body, False, None)

    # The text each comment spans, in document order.
    for el in body.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.append(el.get(W + "id"))
            anchored.setdefault(el.get(W + "id"), "")
        elif el.tag == W + "commentRangeEnd" and el.get(W + "id") in open_ids:
            open_ids.remove(el.get(W + "id"))
        elif el.tag == W + "t":
            for i in open_ids:
                anchored[i] += el.text or ""
    comments = []
    for i, (author, text) in texts.items():
        comments.append(
            {
                "place": places.get(i),
                "author": author,
                "text": text,
                "anchored": " ".join(anchored.get(i, "").split()),
            }
        )
    return {"comments": comments}


ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODF_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
ODT_SKIPPED = {
    ODF_TEXT + n
    for n in ["number", "note", "tracked-changes", "sequence-decls", "variable-decls",
              "user-field-decls", "page-thumbnail"]
} | {ODF_OFFICE + "forms", ODF_OFFICE + "scripts", ODF_OFFICE + "event-listeners"}
SHAPES = {
    DRAW + n
    for n in ["text-box", "custom-shape", "rect", "circle", "ellipse", "polygon", "polyline",
              "path", "line", "connector", "caption", "measure", "regular-polygon"]
}


def odt(path):
    content = ET.fromstring(zipfile.ZipFile(path).read("content.xml"))
    text = content.find(f"{ODF_OFFICE}body/{ODF_OFFICE}text")
    comments, spans = [], {}
    count = {"p": 0, "table": 0}

    def annotation(a, place):
        creator = a.find(DC + "creator")
        lines = ["".join(p.itertext()) for p in a.iter(ODF_TEXT + "p")]
        comments.append(
            {
                "place": place,
                "author": creator.text if creator is not None else None,
                "text": "\n".join(lines),
                "name": a.get(ODF_OFFICE + "name"),
            }
        )

    def walk(el, box, cell):
        for child in el:
            tag = child.tag
            if tag in ODT_SKIPPED:
                continue
            if tag in SHAPES:
                walk(child, True, cell)
            elif tag == ODF_TABLE + "table" and not box and cell is None:
                count["table"] += 1
                table = count["table"]
                for r, row in enumerate(rows_of(child), start=1):
                    column = 1
                    for c in row:
                        if c.tag not in (ODF_TABLE + "table-cell", ODF_TABLE + "covered-table-cell"):
                            continue
                        walk(c, box, f"table {table} row {r} column {column}")
                        column += min(int(c.get(ODF_TABLE + "number-columns-repeated", "1")), 64)
            elif tag in (ODF_TEXT + "p", ODF_TEXT + "h") and not box:
                if cell is None:
                    count["p"] += 1
                    place = f"paragraph {count['p']}"
                else:
                    place = cell
                # A paragraph's annotations (their own paragraphs are not counted).
                for a in child.iter(ODF_OFFICE + "annotation"):
                    annotation(a, place)
            else:
                walk(child, box, cell)

    def rows_of(table):
        """The table's rows, in header rows and row groups too, not a nested table's."""
        for child in table:
            if child.tag == ODF_TABLE + "table-row":
                yield child
            elif child.tag in (
                ODF_TABLE + "table-header-rows",
                ODF_TABLE + "table-rows",
                ODF_TABLE + "table-row-group",
            ):
                yield from rows_of(child)

    walk(text, False, None)

    # The text each named annotation spans, in document order (an annotation's own text
    # is not part of it).
    open_names, inside = [], 0

    def flat(el):
        nonlocal inside
        if el.tag == ODF_OFFICE + "annotation":
            name = el.get(ODF_OFFICE + "name")
            if name:
                open_names.append(name)
                spans.setdefault(name, "")
            if el.tail:
                for n in open_names:
                    spans[n] += el.tail
            return
        if el.tag == ODF_TEXT + "note":
            if el.tail:
                for n in open_names:
                    spans[n] += el.tail
            return
        if el.tag == ODF_OFFICE + "annotation-end":
            name = el.get(ODF_OFFICE + "name")
            if name in open_names:
                open_names.remove(name)
        elif el.text:
            for n in open_names:
                spans[n] += el.text
        for child in el:
            flat(child)
        if el.tail:
            for n in open_names:
                spans[n] += el.tail

    flat(text)
    for c in comments:
        name = c.pop("name")
        c["anchored"] = " ".join(spans.get(name, "").split()) if name else ""
    return {"comments": comments}


READERS = {".xlsx": xlsx, ".pptx": pptx, ".odp": odp, ".docx": docx, ".odt": odt}


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
