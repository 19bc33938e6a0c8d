"""The sheets and columns an import file may hold, with their Polish and English names."""

import unicodedata
from dataclasses import dataclass, field

PARTICIPANTS = "participants"
MIDS = "mids"
ACTIONS = "actions"


def fold(text):
    """A header or sheet name as compared: lower case, no diacritics, single spaces."""
    text = " ".join(str(text).replace("\u00a0", " ").split()).casefold()
    text = text.replace("ł", "l")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Column:
    key: str              # the model field (or reference) the column fills
    header: str           # the Polish header the template writes
    required: bool
    description: str      # Polish, for the explanation sheet
    example: str = ""
    aliases: tuple = ()   # other accepted headers (English keys are always accepted)

    def names(self):
        return {fold(self.header), fold(self.key), *(fold(alias) for alias in self.aliases)}


@dataclass(frozen=True)
class Sheet:
    kind: str
    name: str             # the Polish sheet name the template writes
    aliases: tuple
    columns: tuple = field(default_factory=tuple)

    def names(self):
        return {fold(self.name), fold(self.kind), *(fold(alias) for alias in self.aliases)}

    def column_for(self, header):
        folded = fold(header)
        return next((column for column in self.columns if folded in column.names()), None)


_MID_KEY = (
    Column("participant", "uczestnik", True,
           "Krótka nazwa uczestnika (miasta, gminy, MOF), dokładnie jak w arkuszu Uczestnicy lub w serwisie.",
           "Słupsk"),
    Column("edition", "edycja", True, "Kod edycji PIM: PIM I, PIM II albo PIM III.", "PIM II"),
    Column("network", "sieć", True,
           "Nazwa sieci w tej edycji, po polsku lub po angielsku, jak w arkuszu Sieci.", "Sieć Zielona"),
)

SHEETS = (
    Sheet(PARTICIPANTS, "Uczestnicy", ("Participants",), (
        Column("name", "nazwa", True,
               "Krótka oficjalna nazwa, niepowtarzalna; po niej wiersze są dopasowywane przy kolejnym imporcie.",
               "Słupsk"),
        Column("kind", "rodzaj", False,
               "miasto, gmina, MOF albo związek gmin (puste: miasto przy tworzeniu).", "miasto"),
        Column("voivodeship", "województwo", True, "Nazwa województwa małymi literami.", "pomorskie"),
        Column("population", "liczba mieszkańców", False, "Liczba całkowita, bez spacji lub ze spacjami.",
               "89 000", ("ludność",)),
        Column("teryt", "TERYT", False, "Kod TERYT (do 7 cyfr), jeśli znany.", "2263011"),
        Column("latitude", "szerokość geograficzna", False,
               "Szerokość geograficzna siedziby w stopniach (WGS 84), np. 54,46; z długością pokazuje uczestnika "
               "jako punkt na mapie województwa.", "54,46", ("szerokość",)),
        Column("longitude", "długość geograficzna", False,
               "Długość geograficzna siedziby w stopniach (WGS 84), np. 17,03.", "17,03", ("długość",)),
    )),
    Sheet(MIDS, "MID", ("MIDs", "MIDy", "MID-y"), (
        *_MID_KEY,
        Column("title", "tytuł", True, "Tytuł MID (do 500 znaków).",
               "Spowolnienie odpływu wód opadowych"),
        Column("challenge", "wyzwanie", False, "Wyzwanie, na które odpowiada MID.", ""),
        Column("goals", "cele", False, "Cele MID.", ""),
        Column("stakeholders", "interesariusze", False, "Interesariusze.", ""),
        Column("document_url", "link do dokumentu", False, "Adres dokumentu MID (http:// lub https://).",
               "https://example.org/mid.pdf", ("dokument",)),
        Column("adopted_on", "data przyjęcia", False, "Data przyjęcia MID: RRRR-MM-DD lub DD.MM.RRRR.",
               "2023-03-31"),
    )),
    Sheet(ACTIONS, "Działania", ("Actions",), (
        *_MID_KEY,
        Column("position", "lp", False,
               "Numer działania w MID. Podany: działanie jest dopasowywane po numerze (tytuł można zmienić); "
               "pusty: po tytule.", "1", ("nr", "numer")),
        Column("title", "tytuł", True, "Tytuł działania (do 500 znaków).", "Ogrody deszczowe"),
        Column("description", "opis", False, "Opis działania.", ""),
        Column("planned_start", "planowany początek", False, "Miesiąc rozpoczęcia: RRRR-MM lub MM.RRRR.",
               "2024-04"),
        Column("planned_end", "planowany koniec", False, "Miesiąc zakończenia: RRRR-MM lub MM.RRRR.", "2025-10"),
        Column("responsible_unit", "jednostka odpowiedzialna", False, "Komórka lub jednostka odpowiedzialna.",
               "Wydział Gospodarki Komunalnej"),
        Column("estimated_budget", "szacowany budżet (PLN)", False,
               "Kwota w złotych, np. 125 000,50.", "125 000,00", ("budżet", "szacowany budżet")),
        Column("funding_sources", "źródła finansowania", False, "Źródła finansowania.", "budżet miasta, FEnIKS"),
        Column("status", "status", False,
               "zaplanowane, w trakcie, zrealizowane, opóźnione, wstrzymane albo zaniechane "
               "(puste: zaplanowane przy tworzeniu).", "w trakcie"),
        Column("progress", "postęp (%)", False,
               "Postęp od 0 do 100; zrealizowane oznacza 100.", "40", ("postęp",)),
    )),
)

# Sheets the template adds for people to read; an import skips them.
EXPLANATION_SHEET = "Objaśnienia"
NETWORKS_SHEET = "Sieci"
REFERENCE_SHEETS = {fold(EXPLANATION_SHEET), fold(NETWORKS_SHEET), "explanations", "networks"}


def sheet_named(name):
    folded = fold(name)
    return next((sheet for sheet in SHEETS if folded in sheet.names()), None)


def sheet_with_headers(headers, filename=""):
    """The sheet a CSV file holds (it holds one table): named by the file, else by its headers."""
    stem = fold(filename.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    for sheet in SHEETS:
        if any(name in stem for name in sheet.names() if len(name) > 3):
            return sheet
    folded = {fold(header) for header in headers if header}
    scored = []
    for position, sheet in enumerate(SHEETS):
        known = sum(1 for column in sheet.columns if column.names() & folded)
        complete = all(column.names() & folded for column in sheet.columns if column.required)
        if known:
            scored.append((complete, known, -position, sheet))
    return max(scored, key=lambda score: score[:3])[3] if scored else None


def sheet_of(kind):
    return next(sheet for sheet in SHEETS if sheet.kind == kind)


def column_header(kind, key):
    """The template's header of a field a change names (the network of a new MID: its sieć column)."""
    key = {"network_id": "network"}.get(key, key)
    return next((column.header for column in sheet_of(kind).columns if column.key == key), key)
