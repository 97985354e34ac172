#!/usr/bin/python3
"""Writes the committed .xlsx fixtures of tests/data/xlsx/ (run from anywhere:
/usr/bin/python3 tests/data/xlsx/make_fixtures.py). Only the standard library: the XML is
written by hand, so each file is exactly what its name says.

  calc-1900.xlsx    the Cẩm Thành units and observations (scenarios/cam-thanh/*.csv) as
                    LibreOffice Calc writes a workbook: no shared strings (inline strings),
                    its own styles (dates as a custom "DD/MM/YYYY" format), a merged title
                    row above the units header, a formula with its saved value, empty
                    trailing rows, a guide sheet that is not data
  calc-1904.xlsx    the same in the 1904 date system (every serial 1462 days smaller)
  hostile/*.xlsx    files that must be refused (see README.md here)
"""
import calendar
import csv
import datetime
import os
import struct
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

CT = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
%s</Types>"""
SHEET_CT = ('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\n')
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
# Calc's styles: 0 General, 1 a custom date format (id 164), 2 text.
STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/><numFmt numFmtId="165" formatCode="#,##0.00&quot; d&quot;"/></numFmts>
<fonts count="1"><font><sz val="10"/><name val="Arial"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="true"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
</styleSheet>"""


def col_letter(c):
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def workbook(names, date1904=False):
    pr = '<workbookPr date1904="true"/>' if date1904 else '<workbookPr/>'
    sheets = "".join('<sheet name="%s" sheetId="%d" state="visible" r:id="rId%d"/>'
                     % (escape(n), i + 1, i + 2) for i, n in enumerate(names))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<workbook %s>%s<sheets>%s</sheets>'
            '</workbook>' % (NS, pr, sheets))


def workbook_rels(n, shared=False):
    rels = ['<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/styles" Target="styles.xml"/>']
    for i in range(n):
        rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/worksheet" Target="worksheets/'
                    'sheet%d.xml"/>' % (i + 2, i + 1))
    if shared:
        rels.append('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/sharedStrings" '
                    'Target="sharedStrings.xml"/>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">%s</Relationships>' % "".join(rels))


def write_xlsx(path, sheets, date1904=False, shared=None, sheet_xml=None):
    """SHEETS: [(name, xml)]; SHARED: sharedStrings.xml text or None."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   CT % "".join(SHEET_CT % (i + 1) for i in range(len(sheets))))
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", workbook([n for n, _ in sheets], date1904))
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels(len(sheets), shared is not None))
        z.writestr("xl/styles.xml", STYLES)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        for i, (_, xml) in enumerate(sheets):
            z.writestr("xl/worksheets/sheet%d.xml" % (i + 1), xml)


def serial(d, date1904):
    """Excel's serial day: 1900 system counts from 1899-12-30 for dates after 1900-02-28."""
    base = datetime.date(1904, 1, 1) if date1904 else datetime.date(1899, 12, 30)
    return (d - base).days


def cell(ref, v):
    """V: str (inline string), float/int (number), ('date', serial), ('f', formula, value)."""
    if isinstance(v, tuple) and v[0] == "date":
        return '<c r="%s" s="1" t="n"><v>%d</v></c>' % (ref, v[1])
    if isinstance(v, tuple) and v[0] == "f":
        return '<c r="%s" t="n"><f>%s</f><v>%s</v></c>' % (ref, escape(v[1]), repr(v[2]))
    if isinstance(v, (int, float)):
        return '<c r="%s" s="0" t="n"><v>%s</v></c>' % (ref, repr(v))
    return '<c r="%s" s="0" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (
        ref, escape(v))


def sheet(rows, merge=None, first_row=1, trailing=0):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<worksheet %s><sheetData>' % NS]
    r = first_row
    for row in rows:
        cells = "".join(cell("%s%d" % (col_letter(c + 1), r), v)
                        for c, v in enumerate(row) if v != "")
        out.append('<row r="%d" spans="1:%d">%s</row>' % (r, max(len(row), 1), cells))
        r += 1
    for k in range(trailing):  # Calc's formatted but empty rows
        out.append('<row r="%d" s="2" customFormat="true"><c r="A%d" s="2"/></row>' % (r + k, r + k))
    out.append("</sheetData>")
    if merge:
        out.append('<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % merge)
    out.append("</worksheet>")
    return "".join(out)


def vi_number(s):
    return float(s.replace(".", "").replace(",", "."))


def read_csv(name):
    with open(os.path.join(ROOT, "scenarios", "cam-thanh", name), encoding="utf-8-sig") as f:
        return list(csv.reader(f, delimiter=";"))


def obs_rows(date1904):
    rows = read_csv("observations.csv")
    out = [rows[0]]
    for row in rows[1:]:
        row = list(row)
        m, y = map(int, row[3].split("/"))
        row[3] = ("date", serial(datetime.date(y, m, calendar.monthrange(y, m)[1]), date1904))
        for k in (4, 5, 6):
            if row[k]:
                row[k] = vi_number(row[k])
        if row[2] == "11.1a":  # a formula with its saved value, as Calc keeps it
            row[4] = ("f", "ROUND(%r;2)" % row[4], row[4])
        out.append(row)
    return out


def calc_workbook(path, date1904):
    units = read_csv("units.csv")
    title = [["Danh sách đơn vị (xã Cẩm Thành, 07/2023)"]]
    guide = sheet([["Hướng dẫn: sheet này không phải số liệu."]])
    write_xlsx(path, [("Đơn vị", sheet(title + [[]] + units, merge="A1:I1", trailing=3)),
                      ("Quan sát", sheet(obs_rows(date1904), trailing=5)),
                      ("Hướng dẫn", guide)], date1904=date1904)


UNITS_OK = [["name", "level", "parent", "class", "flags", "set", "households"],
            ["Thanh Hóa", "province", "", "BTB"]]


def hostile():
    h = os.path.join(HERE, "hostile")
    # A zip bomb: 100 MiB of blanks inside the sheet compress about 1000 times.
    blank = " " * (100 * 1024 * 1024)
    write_xlsx(os.path.join(h, "zip-bomb.xlsx"),
               [("Đơn vị", sheet(UNITS_OK).replace("<sheetData>", "<sheetData>" + blank))])
    # A sheet whose ZIP entry declares 1 GiB uncompressed (its real content is small).
    p = os.path.join(h, "declared-1gb.xlsx")
    write_xlsx(p, [("Đơn vị", sheet(UNITS_OK))])
    patch_size(p, b"xl/worksheets/sheet1.xml", 1024 * 1024 * 1024)
    # A bomb of 100 MiB of empty cells whose ZIP entry declares 1000 bytes: it is caught
    # while being read, when it has expanded more than 200 times.
    p = os.path.join(h, "zip-bomb-lying.xlsx")
    cells = '<row r="3">' + "<c/>" * (25 * 1024 * 1024) + "</row>"
    write_xlsx(p, [("Đơn vị", sheet(UNITS_OK).replace("</sheetData>", cells + "</sheetData>"))])
    patch_size(p, b"xl/worksheets/sheet1.xml", 1000)
    # "Billion laughs": nested entities that would expand to gigabytes.
    lol = ['<!ENTITY lol "lol">'] + ['<!ENTITY lol%d "%s">' % (
        k, ("&lol%d;" % (k - 1) if k > 1 else "&lol;") * 10) for k in range(1, 10)]
    laughs = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [%s]>\n<worksheet %s>'
              '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
              '</sheetData></worksheet>' % ("".join(lol), NS))
    write_xlsx(os.path.join(h, "billion-laughs.xlsx"), [("Đơn vị", laughs)])
    # A cell of 10 MiB (shared text) and one of 1 MiB written inline.
    big = "a" * (10 * 1024 * 1024)
    sst = ('<?xml version="1.0" encoding="UTF-8"?>\n<sst %s count="1" uniqueCount="1">'
           '<si><t>%s</t></si></sst>' % (NS, big))
    cells = ('<?xml version="1.0" encoding="UTF-8"?>\n<worksheet %s><sheetData><row r="1">'
             '<c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>' % NS)
    write_xlsx(os.path.join(h, "cell-10mb.xlsx"), [("Đơn vị", cells)], shared=sst)
    rows = UNITS_OK + [["Cẩm Thủy", "district", "Thanh Hóa", "BTB", "", "", "", "x" * (1 << 20)]]
    write_xlsx(os.path.join(h, "cell-1mb-inline.xlsx"), [("Đơn vị", sheet(rows))])
    # A formula without a saved value (as a program that does not calculate writes it).
    xml = sheet(UNITS_OK + [["Cẩm Thủy", "district", "Thanh Hóa", "BTB", "", "", 1]])
    xml = xml.replace('<c r="G3" s="0" t="n"><v>1</v></c>', '<c r="G3"><f>SUM(G1:G2)*10</f></c>')
    write_xlsx(os.path.join(h, "formula-no-value.xlsx"), [("Đơn vị", xml)])
    # A row past Excel's last (1.048.576).
    xml = sheet(UNITS_OK).replace('<row r="2"', '<row r="1048577"').replace('2"', '1048577"')
    write_xlsx(os.path.join(h, "row-past-limit.xlsx"), [("Đơn vị", xml)])
    # OLE2 (CFB) containers: an encrypted workbook and an old .xls, named .xlsx.
    open(os.path.join(h, "password.xlsx"), "wb").write(
        cfb(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    open(os.path.join(h, "xls-renamed.xlsx"), "wb").write(
        cfb(["Workbook", "\x05SummaryInformation"]))
    open(os.path.join(h, "not-a-zip.xlsx"), "wb").write(
        "tên;cấp\nThanh Hóa;province\n".encode("utf-8"))


def patch_size(path, name, size):
    """Rewrites the uncompressed size the ZIP declares for entry NAME (local header and
    central directory) to SIZE."""
    data = bytearray(open(path, "rb").read())
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size field
        i = data.find(sig)
        while i >= 0:
            nlen_off = 26 if sig == b"PK\x03\x04" else 28
            nlen = struct.unpack_from("<H", data, i + nlen_off)[0]
            hdr = 30 if sig == b"PK\x03\x04" else 46
            if bytes(data[i + hdr:i + hdr + nlen]) == name:
                struct.pack_into("<I", data, i + off, size)
            i = data.find(sig, i + 4)
    open(path, "wb").write(bytes(data))


def cfb(streams):
    """A minimal Compound File Binary (OLE2) file: header, one FAT sector, one directory
    sector naming STREAMS (each empty), as [MS-CFB] lays them out with 512-byte sectors."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)       # FAT sectors
    struct.pack_into("<I", header, 48, 1)       # first directory sector
    struct.pack_into("<I", header, 56, 4096)    # mini stream cutoff
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)
    struct.pack_into("<I", header, 76, 0)       # DIFAT[0]: sector 0 is the FAT
    for k in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * k, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    dirs = bytearray()
    for k, name in enumerate(["Root Entry"] + streams):
        e = bytearray(128)
        n = (name + "\0").encode("utf-16-le")
        e[0:len(n)] = n
        struct.pack_into("<HBB", e, 64, len(n), 5 if k == 0 else 2, 1)
        struct.pack_into("<III", e, 68, 0xFFFFFFFF, k + 1 if k < len(streams) else 0xFFFFFFFF,
                         1 if k == 0 else 0xFFFFFFFF)
        struct.pack_into("<I", e, 116, 0xFFFFFFFE)
        dirs += e
    dirs += bytes(512 - len(dirs) % 512) if len(dirs) % 512 else b""
    return bytes(header + fat + dirs)


if __name__ == "__main__":
    calc_workbook(os.path.join(HERE, "calc-1900.xlsx"), False)
    calc_workbook(os.path.join(HERE, "calc-1904.xlsx"), True)
    hostile()
