#!/usr/bin/python3
"""Fills a workbook written by `ntmplan template` as a planner would in Excel, with a
tool that is not libxlsxwriter (Debian's python3-openpyxl):

    fill_template.py TEMPLATE.xlsx OUT.xlsx UNITS.csv OBSERVATIONS.csv [BAD]

The rows of the two CSV files (';'-separated, Vietnamese numbers, as in
scenarios/cam-thanh/) are typed into the sheets 'Đơn vị' and 'Quan sát' in the template's
column order: numbers as numbers, "07/2023" as the date 31/07/2023, codes and words as
text. With BAD, four slips a person makes are typed too: a status word misspelt, a
number typed as text with letters, a date typed as text that is no date, a stray value
in the last column (XFD)."""
import calendar
import csv
import datetime
import sys

import openpyxl


def number(s):
    return float(s.replace(".", "").replace(",", "."))


def date(s):
    parts = [int(p) for p in s.split("/")]
    if len(parts) == 2:
        m, y = parts
        return datetime.date(y, m, calendar.monthrange(y, m)[1])
    d, m, y = parts
    return datetime.date(y, m, d)


def rows(path):
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.reader(f, delimiter=";"))[1:]


def main():
    template, out, units, obs = sys.argv[1:5]
    wb = openpyxl.load_workbook(template)
    ws = wb["Đơn vị"]
    for r, row in enumerate(rows(units), start=2):
        for c, v in enumerate(row, start=1):
            if v:
                ws.cell(row=r, column=c, value=number(v) if c in (7, 8) else v)
    ws = wb["Quan sát"]
    r = 1
    for r, row in enumerate(rows(obs), start=2):
        for c, v in enumerate(row, start=1):
            if not v:
                continue
            if c == 4:
                v = date(v)
            elif c in (5, 6, 7):
                v = number(v)
            ws.cell(row=r, column=c, value=v)
    if len(sys.argv) > 5:
        ws.cell(row=r + 1, column=1, value="Cẩm Thành")
        ws.cell(row=r + 1, column=3, value="2.1")
        ws.cell(row=r + 1, column=4, value=datetime.date(2023, 7, 31))
        ws.cell(row=r + 1, column=8, value="đạt rồi")
        ws.cell(row=r + 2, column=1, value="Cẩm Thành")
        ws.cell(row=r + 2, column=3, value="2.2")
        ws.cell(row=r + 2, column=4, value="31/13/2023")
        ws.cell(row=r + 3, column=1, value="Cẩm Thành")
        ws.cell(row=r + 3, column=3, value="2.2")
        ws.cell(row=r + 3, column=4, value=datetime.date(2023, 7, 31))
        ws.cell(row=r + 3, column=5, value="12,5 phần trăm")
        ws.cell(row=r + 4, column=16384, value="?")  # a stray key press in column XFD
    wb.save(out)


if __name__ == "__main__":
    main()
