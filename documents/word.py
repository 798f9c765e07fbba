"""Official documents as Word files (.docx, python-docx), with the content and format of the
PDF: A4 with the decree's margins, the issuer block and quốc hiệu in a borderless two-column
table, "Số: …", the place and date line, title and trích yếu, the five sections with the
figure tables, "Nơi nhận" and the signature block, page numbers at the top from page 2, and
the appendix (the criteria matrix in a landscape section).

The body font is named "Times New Roman", the font every office's Word has; the PDF embeds
Liberation Serif, which has the same metrics, and LibreOffice uses it for Times New Roman.
"""

from __future__ import annotations

import datetime
import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from documents.official import MOTTO, NATION, Sheet

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
MATRIX_PT = 10
SHADES = {"met": "D1E7DD", "not-met": "F8D7DA", "na": "EEEEEE", "none": "EEEEEE"}
EPOCH = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)


def _font(run, *, size: float | None = None, bold=None, italic=None, underline=None) -> None:
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline


def _paragraph(
    container,
    text: str = "",
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    size: float = BODY_PT,
    bold=None,
    italic=None,
    underline=None,
    indent: bool = False,
    after: float = 0,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Mm(10)
    if text:
        _font(paragraph.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _short_rule(container, width_mm: float, cell_mm: float) -> None:
    """Add an empty paragraph whose bottom border is a centred rule of width_mm."""
    paragraph = _paragraph(container, align=WD_ALIGN_PARAGRAPH.CENTER, size=4)
    _font(paragraph.add_run(""), size=4)  # a run, so the next text starts a new paragraph
    side = max((cell_mm - width_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    paragraph.paragraph_format.space_after = Pt(4)


def _first_cell_paragraph(cell):
    paragraph = cell.paragraphs[0]
    return paragraph


def _cell_text(cell, text: str, *, size: float, bold=None, italic=None, underline=None, align):
    """Write text into an empty cell's first paragraph, or a new one when it has text."""
    paragraph = cell.paragraphs[-1]
    if paragraph.runs or paragraph.text:
        paragraph = cell.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_widths(table, widths_mm: list[float]) -> None:
    """Fix the column widths in the grid (read by LibreOffice) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=False):
        column.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _page_number_header(section) -> None:
    """Page numbers centred at the top, from page 2 (the first page's header is empty)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    r_pr.append(fonts)
    r_pr.append(size)
    run.append(r_pr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    section.first_page_header.is_linked_to_previous = False


def _a4(section, *, landscape: bool = False) -> float:
    """Set A4 and the margins; return the text width in mm."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(20), Mm(15)
        section.left_margin, section.right_margin = Mm(20), Mm(15)
        return 297 - 35
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    return 210 - 45


def _issuer_block(document, sheet: Sheet, width: float) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left_mm, right_mm = width * 0.4, width * 0.6
    _set_widths(table, [left_mm, right_mm])
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    if sheet.superior:
        _cell_text(left, sheet.superior, size=13, align=center)
    _cell_text(left, sheet.issuer, size=13, bold=True, align=center)
    _short_rule(left, left_mm * 0.3, left_mm)
    _cell_text(left, f"Số: {sheet.number}", size=13, align=center)
    _cell_text(right, NATION, size=12.5, bold=True, align=center)
    _cell_text(right, MOTTO, size=13.5, bold=True, underline=True, align=center)
    date = _cell_text(right, sheet.date_line, size=14, italic=True, align=center)
    date.paragraph_format.space_before = Pt(12)


def _table(document, block: dict, width: float) -> None:
    caption = _paragraph(document, block["caption"], size=TABLE_PT, bold=True, italic=True)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(4)
    headers, rows = block["headers"], block["rows"]
    numeric = set(block.get("numeric", []))
    classes = block.get("classes") or []
    matrix = block.get("matrix", False)
    size = MATRIX_PT if matrix else TABLE_PT
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, text in enumerate(headers):
        cell = table.rows[0].cells[c]
        _cell_text(cell, text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_header(table.rows[0])
    for r, row in enumerate(rows, start=1):
        css = classes[r - 1] if r - 1 < len(classes) else []
        for c, text in enumerate(row):
            cell = table.rows[r].cells[c]
            align = WD_ALIGN_PARAGRAPH.RIGHT if c in numeric else WD_ALIGN_PARAGRAPH.LEFT
            if matrix and c > 0:
                align = WD_ALIGN_PARAGRAPH.CENTER
            bold = c < len(css) and css[c] == "total"
            _cell_text(cell, text, size=size, bold=bold or None, align=align)
            if c < len(css) and css[c] in SHADES:
                _shade(cell, SHADES[css[c]])
    if matrix:
        first = 95.0
        rest = (width - first) / max(len(headers) - 1, 1)
        _set_widths(table, [first, *([rest] * (len(headers) - 1))])
    else:
        _set_widths(table, _column_widths(headers, rows, width, numeric))
    _paragraph(document, size=4)


CHAR_MM = 2.3  # the width of a digit at 12 pt, with a little to spare
CELL_PADDING_MM = 2.5


def _column_widths(
    headers: list[str], rows: list[list[str]], width: float, numeric: set[int]
) -> list[float]:
    """Return column widths in mm: a number column (and every column's longest word) gets the
    room to stay on one line; text columns share what is left by how much they hold."""
    minimum, share = [], []
    for c, header in enumerate(headers):
        cells = [row[c] for row in rows if c < len(row)]
        words = [len(w) for text in [header, *cells] for w in text.split()] + [1]
        longest = max([len(v) for v in cells] + [max(words)]) if c in numeric else max(words)
        minimum.append(longest * CHAR_MM + CELL_PADDING_MM)
        share.append(0 if c in numeric else max([min(len(v), 40) for v in cells] + [1]))
    spare = width - sum(minimum)
    if spare <= 0 or not any(share):
        return [width * m / sum(minimum) for m in minimum]
    return [m + spare * w / sum(share) for m, w in zip(minimum, share, strict=True)]


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _blocks(document, blocks: list[dict], width: float) -> None:
    for block in blocks:
        if block["type"] == "p":
            _paragraph(document, block["text"], indent=True, after=6)
        elif block["type"] == "table":
            _table(document, block, width)
        elif block["type"] == "chart":
            _paragraph(
                document,
                f"Biểu đồ: {block['title']}. {block['note']}",
                align=WD_ALIGN_PARAGRAPH.CENTER,
                size=TABLE_PT,
                italic=True,
                after=6,
            )


def _closing(document, sheet: Sheet, width: float) -> None:
    table = document.add_table(rows=1, cols=2)
    _set_widths(table, [width / 2, width / 2])
    left, right = table.rows[0].cells
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in sheet.recipients:
        _cell_text(left, f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if sheet.authority:
        _cell_text(right, sheet.authority, size=BODY_PT, bold=True, align=center)
    _cell_text(right, sheet.signer_title, size=BODY_PT, bold=True, align=center)
    for _ in range(4):
        _cell_text(right, "", size=BODY_PT, align=center)
    _cell_text(right, sheet.signer_name, size=BODY_PT, bold=True, align=center)


def sheet_docx(sheet: Sheet) -> bytes:
    """Return the .docx of an official document."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    properties = document.core_properties
    properties.title = sheet.title[:250]
    properties.author = sheet.issuer
    stamp = sheet.made_at or EPOCH
    properties.created = properties.modified = stamp.replace(tzinfo=None)
    properties.last_modified_by = sheet.issuer
    properties.revision = 1

    section = document.sections[0]
    width = _a4(section)
    _page_number_header(section)
    _issuer_block(document, sheet, width)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if sheet.draft:
        _paragraph(document, "(Dự thảo)", align=center, size=12, italic=True)
    title = _paragraph(document, sheet.type_name, align=center, bold=True)
    title.paragraph_format.space_before = Pt(12)
    _paragraph(document, sheet.summary, align=center, bold=True)
    _short_rule(document, width * 0.25, width)
    if sheet.addressee:
        _paragraph(document, f"Kính gửi: {sheet.addressee}", align=center, after=6)
    if sheet.introduction:
        _paragraph(document, sheet.introduction, indent=True, after=6)
    for index, (heading, paragraphs) in enumerate(sheet.sections):
        head = _paragraph(document, heading, bold=True, indent=True, after=4)
        head.paragraph_format.keep_with_next = True
        for text in paragraphs:
            _paragraph(document, text, indent=True, after=6)
        if index == 0:
            _blocks(document, sheet.figures, width)
    _closing(document, sheet, width)

    for part in sheet.appendix:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        width = _a4(section, landscape=part.get("landscape", False))
        _paragraph(document, part["title"].upper(), align=center, bold=True)
        _paragraph(
            document,
            f"(Kèm theo {sheet.type_name.lower()} số {sheet.number})",
            align=center,
            italic=True,
            after=6,
        )
        _blocks(document, part["blocks"], width)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
