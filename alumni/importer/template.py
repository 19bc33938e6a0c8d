"""The import template: the three data sheets with their headers, and sheets explaining them."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from sqlalchemy.orm import selectinload
from sqlmodel import select

from ..models import ActionStatus, Edition, Voivodeship
from .columns import EXPLANATION_SHEET, NETWORKS_SHEET, SHEETS

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_REQUIRED_FILL = PatternFill("solid", fgColor="7B2C2C")

_RULES = [
    "Jak wypełnić plik importu PIM Alumni",
    "",
    "Wypełnij arkusze Uczestnicy, MID i Działania od drugiego wiersza; nie zmieniaj nazw kolumn w pierwszym wierszu.",
    "Kolumny na ciemnoczerwonym tle są wymagane. Niepotrzebny arkusz lub kolumnę można usunąć.",
    "Import jest „wszystko albo nic”: jeśli choć jeden wiersz ma błąd, nic nie zostanie zapisane, "
    "a lista błędów poda arkusz, wiersz i kolumnę.",
    "Wiersze są dopasowywane do danych w serwisie: uczestnik po nazwie, MID po uczestniku i sieci, "
    "działanie po MID i numerze (lp) albo, gdy numer jest pusty, po tytule.",
    "Ponowny import tego samego pliku niczego nie zmienia. Puste pole nie zmienia zapisanej wartości.",
    "Najpierw wykonaj próbę (bez zapisu), aby zobaczyć, co zostanie utworzone i zmienione.",
    "Zamiast pliku .xlsx można zaimportować plik CSV (UTF-8, separator ; lub ,) z jednym arkuszem; "
    "jego rodzaj rozpoznawany jest po nazwie pliku lub po nagłówkach.",
    "",
]


def build_template(session=None):
    """The template workbook as bytes; with a session, a sheet lists the editions and networks."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append([column.header for column in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            cell = worksheet.cell(row=1, column=index)
            cell.font = _HEADER_FONT
            cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
            worksheet.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 4)
        worksheet.freeze_panes = "A2"
    _explanations(workbook.create_sheet(EXPLANATION_SHEET))
    if session is not None:
        _networks(workbook.create_sheet(NETWORKS_SHEET), session)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _explanations(worksheet):
    for line in _RULES:
        worksheet.append([line])
    worksheet["A1"].font = Font(bold=True, size=14)
    header_row = len(_RULES) + 1
    worksheet.append(["arkusz", "kolumna", "wymagana", "opis", "przykład"])
    for cell in worksheet[header_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for sheet in SHEETS:
        for column in sheet.columns:
            worksheet.append([sheet.name, column.header, "tak" if column.required else "nie",
                              column.description, column.example])
    worksheet.append([])
    worksheet.append(["Dozwolone województwa:", ", ".join(v.value for v in Voivodeship)])
    worksheet.append(["Dozwolone statusy działań:",
                      "zaplanowane, w trakcie, zrealizowane, opóźnione, wstrzymane, zaniechane "
                      f"(lub: {', '.join(s.value for s in ActionStatus)})"])
    for letter, width in zip("ABCDE", (22, 26, 10, 90, 30)):
        worksheet.column_dimensions[letter].width = width
    for row in worksheet.iter_rows(min_row=header_row + 1):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")


def _networks(worksheet, session):
    worksheet.append(["edycja", "sieć", "sieć (po angielsku)"])
    for cell in worksheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    editions = session.exec(
        select(Edition).options(selectinload(Edition.networks)).order_by(Edition.start_year)).all()
    for edition in editions:
        for network in sorted(edition.networks, key=lambda n: n.name_pl):
            worksheet.append([_safe(edition.code), _safe(network.name_pl), _safe(network.name_en)])
    for letter, width in zip("ABC", (12, 36, 36)):
        worksheet.column_dimensions[letter].width = width


def _safe(text):
    """Keep a stored name from being read as a formula by a spreadsheet (formula injection)."""
    return "'" + text if text and text[0] in "=+-@\t\r" else text
