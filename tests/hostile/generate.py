#!/usr/bin/env python3
"""Writes the hostile variants of the bundled example files (scenarios/cam-thanh/units.csv
and observations.csv, seed 003) into tests/hostile/files/, named CATEGORY-WHAT.csv. The
files are committed; run this again only to change the corpus. tests/hostile/run.sh
imports each into a copy of a database holding the examples and checks the invariants."""
import os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "files")
os.makedirs(out, exist_ok=True)

U_HEAD = "name;level;parent;class;flags;set;households;population;note"
O_HEAD = "Đơn vị;Tiêu chí;Chỉ tiêu;Ngày;Giá trị;Tử số;Mẫu số;Đánh giá;Nguồn;Ghi chú"
SRC = "Kế hoạch UBND xã Cẩm Thành 07/2023 (seed 003), mục 1.2.3"
files = {}


def put(name, data):
    files[name] = data if isinstance(data, bytes) else data.encode("utf-8")


def obs(value="12,21", unit="Cẩm Thành", crit="11", ind="11.1", date="07/2023", num="",
        den="", status="", src=SRC, note="thử"):
    return ";".join([unit, crit, ind, date, value, num, den, status, src, note])


def unit_row(name="Xã Thử", level="commune", parent="Cẩm Thủy", klass="BTB", flags="",
             set_="thanh-hoa-2022", hh="", pop="", note=""):
    return ";".join([name, level, parent, klass, flags, set_, hh, pop, note])


def ofile(*rows):
    return O_HEAD + "\n" + "\n".join(rows) + "\n"


def ufile(*rows):
    return U_HEAD + "\n" + "\n".join(rows) + "\n"


# ---- encodings --------------------------------------------------------------------------
good = ofile(obs())
put("encodings-utf8-bom", b"\xef\xbb\xbf" + good.encode())
put("encodings-utf16le-bom", b"\xff\xfe" + good.encode("utf-16-le"))
put("encodings-utf16be-bom", b"\xfe\xff" + good.encode("utf-16-be"))
put("encodings-utf16le-odd-length", b"\xff\xfe" + good.encode("utf-16-le") + b"\x41")
put("encodings-invalid-byte", good.encode().replace("thử".encode(), b"th\xff"))
put("encodings-overlong-slash", good.encode().replace(b"07/2023", b"07\xc0\xaf2023"))
put("encodings-surrogate", good.encode().replace("thử".encode(), b"\xed\xa0\x80"))
put("encodings-nul-byte", good.encode().replace("thử".encode(), b"t\x00h"))
put("encodings-cr-only", good.replace("\n", "\r").encode())
put("encodings-crlf-mixed", (O_HEAD + "\r\n" + obs() + "\n" + obs(date="2022") + "\r\n").encode())
put("encodings-bom-only", b"\xef\xbb\xbf")
put("encodings-latin1", good.encode("utf-8").replace("Đơn vị".encode(), "Đơn vị".encode()).replace(
    "thử".encode(), b"caf\xe9"))
put("encodings-nfd-names", ofile(obs(unit="Ca\u0302\u0309m Tha\u0300nh")))
put("encodings-tcvn3", b"\xa7\xad\xab vi;Ti\xaau ch\xd1\n" + b"C\xb8m Th\xb5nh;11\n")
put("encodings-windows1258", "Đơn vị;Tiêu chí;Chỉ tiêu;Ngày;Giá trị\nCẩm Thành;11;11.1;2022;12,5\n"
    .encode("cp1258", errors="replace"))
put("encodings-utf8-truncated", good.encode()[:-3] + b"\xe1\xba")

# ---- structure --------------------------------------------------------------------------
put("structure-empty", b"")
put("structure-header-only", O_HEAD + "\n")
put("structure-no-header", obs() + "\n")
put("structure-unknown-column", O_HEAD + ";Màu\n" + obs() + ";đỏ\n")
put("structure-duplicate-column", O_HEAD + ";Ngày\n" + obs() + ";2022\n")
put("structure-extra-fields", ofile(obs() + ";thừa;thừa"))
put("structure-unterminated-quote", ofile(obs(note='"không đóng ngoặc')))
put("structure-quote-in-middle", ofile(obs(note='giữa "ngoặc" kép')))
put("structure-huge-field", ofile(obs(note="x" * 300_000)))
put("structure-many-columns", O_HEAD + ";" * 10000 + "\n" + obs() + "\n")
put("structure-only-separators", ";;;;;;;;;\n;;;;;;;;;\n")
put("structure-blank-lines", O_HEAD + "\n\n\n" + obs() + "\n\n")
put("structure-tab-separated", (O_HEAD + "\n" + obs() + "\n").replace(";", "\t"))
put("structure-mixed-separators", O_HEAD + "\n" + obs().replace(";", ",", 3) + "\n")
put("structure-missing-unit-column", O_HEAD.replace("Đơn vị;", "") + "\n" +
    obs().split(";", 1)[1] + "\n")
put("structure-missing-level-column", "name;parent\nXã Thử;Cẩm Thủy\n")
put("structure-short-row", ofile("Cẩm Thành;11;11.1"))
put("structure-quoted-newline-note", ofile(obs(note='"dòng một\ndòng hai"')))
put("structure-trailing-separators", O_HEAD + ";;;\n" + obs() + ";;;\n")
put("structure-units-header-only", U_HEAD + "\n")
put("structure-3000-rows-one-bad", O_HEAD + "\n" + "\n".join(
    obs(date=str(1000 + i % 900), src="S%d" % i) for i in range(3000)) + "\n" + obs(date="abc") + "\n")
put("structure-repeat-conflict", ofile(obs(), obs(value="13")))
put("structure-header-typo", O_HEAD.replace("Ngày", "Ngàyy") + "\n" + obs() + "\n")

# ---- numbers ----------------------------------------------------------------------------
for name, v in [("1e400", "1e400"), ("minus-1e400", "-1e400"), ("nan", "NaN"), ("inf", "inf"),
                ("1e-400", "1e-400"), ("hex", "0x10"), ("letters", "abc"), ("double-dot", "1..2"),
                ("double-minus", "--5"), ("plus", "+5"), ("long-digits", "9" * 500),
                ("percent", "12,5%"), ("ty", "7 tỷ"), ("thin-space", "1\u2009784"),
                ("comma-and-dot", "1.784,5"), ("empty-everything", "")]:
    put("numbers-" + name, ofile(obs(value=v)))
put("numbers-mixed-styles", ofile(obs(value="12,5"), obs(value="12.5", date="2022")))
put("numbers-negative-denominator", ofile(obs(ind="11.1a", value="3,97", num="71", den="-1784")))
put("numbers-zero-denominator", ofile(obs(ind="11.1a", value="3,97", num="71", den="0")))
put("numbers-fractional-numerator", ofile(obs(ind="11.1a", value="3,97", num="71,5", den="1784")))
put("numbers-huge-count", ofile(obs(ind="11.1a", value="3,97", num="1e20", den="1e21")))
put("numbers-units-households-1e400", ufile(unit_row(hh="1e400")))
put("numbers-units-negative-population", ufile(unit_row(pop="-5")))

# ---- dates ------------------------------------------------------------------------------
for name, v in [("31-february", "31/02/2023"), ("month-13", "2023-13-01"), ("month-0", "00/2023"),
                ("five-digit-year", "99999"), ("year-0", "0"), ("year-1899", "1899"),
                ("far-future", "2200"), ("three-parts", "07/2023/1"), ("empty", ""),
                ("iso-time", "2023-07-31T00:00"), ("dotted", "31.07.2023"), ("words", "tháng 7 2023"),
                ("negative", "-2023")]:
    put("dates-" + name, ofile(obs(date=v)))

# ---- names ------------------------------------------------------------------------------
for name, n in [("escape-sequence", "Xã \x1b[31mĐỏ"), ("bell", "Xã Chuông\x07"),
                ("bidi-override", "Xã \u202eThử"), ("zero-width-space", "Cẩm\u200bThành"),
                ("c1-control", "Xã\u0085Thử"), ("cyrillic-a", "Cẩm Thаnh"), ("tab", "Xã\tThử"),
                ("very-long", "Xã " + "Dài" * 2000), ("only-spaces", "   "),
                ("leading-trailing-spaces", "  Xã Thử  "), ("combining-only", "\u0301\u0302"),
                ("bom-inside", "Xã\ufeffThử"), ("lrm", "Xã\u200eThử"), ("del", "Xã\x7fThử"),
                ("isolate", "Xã \u2066Thử\u2069")]:
    put("names-unit-" + name, ufile(unit_row(name=n)))
put("names-newline-in-quoted-name", ufile('"Xã\nThử";commune;Cẩm Thủy;BTB;;thanh-hoa-2022;;;'))
put("names-observation-escape", ofile(obs(unit="Cẩm\x1b]0;title\x07Thành")))
put("names-parent-bidi", ufile(unit_row(parent="Cẩm \u202eThủy")))

# ---- unit files with cycles -------------------------------------------------------------
put("cycles-self-parent", ufile(unit_row(name="Cẩm Thành", parent="Cẩm Thành")))
put("cycles-new-unit-own-parent", ufile(unit_row(name="Xã Vòng", parent="Xã Vòng")))
put("cycles-two-in-file", ufile(unit_row(name="Xã A", parent="Xã B"), unit_row(name="Xã B", parent="Xã A")))
put("cycles-three-in-file", ufile(unit_row(name="Xã A", parent="Xã B"), unit_row(name="Xã B", parent="Xã C"),
                                  unit_row(name="Xã C", parent="Xã A")))
put("cycles-through-database", ufile(unit_row(name="Thanh Hóa", level="province", parent="Cẩm Thành", set_="")))
put("cycles-through-database-by-key", ufile(unit_row(name="Thanh Hóa", level="province", parent="cam thanh", set_="")))
put("cycles-district-under-commune", ufile(unit_row(name="Cẩm Thủy", level="district", parent="Cẩm Thành", set_="")))
put("cycles-unknown-parent", ufile(unit_row(parent="Huyện Không Có")))
put("cycles-level-galaxy", ufile(unit_row(level="galaxy")))
put("cycles-deep-chain-ok", ufile(*[unit_row(name="Thôn %d" % i, level="village",
                                             parent=("Thôn %d" % (i - 1)) if i else "Cẩm Thành", set_="")
                                    for i in range(100)]))
put("cycles-case-own-parent", ufile(unit_row(name="Xã Hoa", parent="xã hoa")))

# ---- re-imports with missing columns ----------------------------------------------------
put("reimport-units-without-set", "name;level;parent;class;note\nCẩm Thành;commune;Cẩm Thủy;BTB;ghi chú\n")
put("reimport-units-without-class", "name;level;parent;set\nCẩm Thành;commune;Cẩm Thủy;thanh-hoa-2022\n")
put("reimport-units-without-note", "name;level;parent;class;set\nCẩm Thành;commune;Cẩm Thủy;BTB;thanh-hoa-2022\n")
put("reimport-units-name-level-only", "name;level\nCẩm Thành;commune\nThanh Hóa;province\nCẩm Thủy;district\n")
put("reimport-units-empty-cells", ufile("Cẩm Thành;commune;;;;;;;"))
put("reimport-units-vung-nhom-header", "tên;cấp;trực thuộc;vùng/nhóm\nCẩm Thành;xã;Cẩm Thủy;BTB\n")
put("reimport-units-vietnamese-levels", "tên;cấp;trực thuộc\nThanh Hóa;tỉnh;\nCẩm Thủy;huyện;Thanh Hóa\n")
put("reimport-observations-without-note", "Đơn vị;Tiêu chí;Chỉ tiêu;Ngày;Giá trị;Tử số;Mẫu số;Đánh giá;Nguồn\n"
    "Cẩm Thành;11;11.1a;07/2023;3,97;71;1.784;;" + SRC + "\n")
put("reimport-observations-empty-note", ofile(obs(ind="11.1a", value="3,97", num="71", den="1.784", note="")))
put("reimport-observations-minimal", "unit;indicator;date;value;source\nCẩm Thành;11.1a;07/2023;3,97;" + SRC + "\n")
put("reimport-observations-new-source", "unit;indicator;date;value\nCẩm Thành;11.1a;07/2023;4,5\n")
put("reimport-units-households-only", "name;level;households\nCẩm Thành;commune;1.800\n")

for name, data in sorted(files.items()):
    with open(os.path.join(out, name + ".csv"), "wb") as f:
        f.write(data)
print(len(files), "files in", out)
