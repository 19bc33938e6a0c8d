"""The open data's catalogue in DCAT-AP (JSON-LD), the profile DCAT-AP PL that dane.gov.pl harvests.

One catalogue, one dataset per table (public MIDs, their actions), one distribution per file
(CSV with ';', CSV with ',', JSON), each with the licence, the modification day and its data
dictionary. Vocabularies: the EU's authority tables for languages, file types, licences and themes.
"""

from .open_data import DATASETS

EU = "http://publications.europa.eu/resource/authority/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:date"},
    "dct:issued": {"@type": "xsd:date"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:mediaType": {"@type": "@id"},
    "dct:format": {"@type": "@id"},
    "dct:license": {"@type": "@id"},
    "dct:language": {"@type": "@id"},
    "dcat:theme": {"@type": "@id"},
    "dct:conformsTo": {"@type": "@id"},
    "foaf:page": {"@type": "@id"},
    "foaf:homepage": {"@type": "@id"},
    "vcard:hasURL": {"@type": "@id"},
}
PUBLISHER = {"@id": "https://www.gov.pl/web/fundusze-regiony", "@type": "foaf:Agent",
             "foaf:name": [{"@value": "Ministerstwo Funduszy i Polityki Regionalnej", "@language": "pl"},
                           {"@value": "Ministry of Funds and Regional Policy", "@language": "en"}]}
LICENSE = EU + "licence/CC_BY_4_0"
TITLES = {
    "mids": ("Miejskie Inicjatywy Działania (MID) Partnerskiej Inicjatywy Miast",
             "Urban Action Initiatives (MIDs) of the City Partnership Initiative"),
    "actions": ("Działania MID-ów Partnerskiej Inicjatywy Miast", "Actions of the City Partnership Initiative's MIDs"),
}
DESCRIPTIONS = {
    "mids": ("MID-y, których miasta zgodziły się na publikację: miasto, sieć, edycja i stan życia.",
             "The MIDs whose cities agreed to publish them: city, network, edition and life status."),
    "actions": ("Działania publicznych MID-ów: tytuł, stan, postęp, planowane daty i budżet, jeśli miasto go opublikowało.",
                "The public MIDs' actions: title, status, progress, planned dates, and the budget if the city published it."),
}
FILES = (
    ("csv", "CSV", "text/csv", "CSV (UTF-8, średnik)", "CSV (UTF-8, semicolon)"),
    ("comma.csv", "CSV", "text/csv", "CSV (UTF-8, przecinek)", "CSV (UTF-8, comma)"),
    ("json", "JSON", "application/json", "JSON", "JSON"),
)


def _texts(pl, en):
    return [{"@value": pl, "@language": "pl"}, {"@value": en, "@language": "en"}]


def catalogue(url, modified):
    """The catalogue as a JSON-LD document; ``url(dataset, fmt)``, ``url(dataset, "dictionary")`` and
    ``url(None, "catalogue" | "page")`` give absolute addresses; ``modified`` is a date (or None)."""
    day = modified.isoformat() if modified else None
    datasets = [_dataset(url, name, day) for name in DATASETS]
    catalog = {
        "@context": CONTEXT,
        "@id": url(None, "catalogue"),
        "@type": "dcat:Catalog",
        "dct:title": _texts("PIM Alumni: otwarte dane", "PIM Alumni: open data"),
        "dct:description": _texts("Publiczne MID-y Partnerskiej Inicjatywy Miast i ich działania.",
                                  "The City Partnership Initiative's public MIDs and their actions."),
        "dct:publisher": PUBLISHER,
        "dct:language": [EU + "language/POL", EU + "language/ENG"],
        "dct:license": LICENSE,
        "foaf:homepage": url(None, "page"),
        "dcat:dataset": datasets,
    }
    if day:
        catalog["dct:modified"] = day
    return catalog


def _dataset(url, name, day):
    dictionary = url(name, "dictionary")
    dataset = {
        "@id": url(name, "dataset"),
        "@type": "dcat:Dataset",
        "dct:identifier": f"pim-alumni-{name}",
        "dct:title": _texts(*TITLES[name]),
        "dct:description": _texts(*DESCRIPTIONS[name]),
        "dct:publisher": PUBLISHER,
        "dct:license": LICENSE,
        "dct:language": [EU + "language/POL"],
        "dcat:theme": [EU + "data-theme/REGI", EU + "data-theme/GOVE"],
        "dcat:keyword": [{"@value": word, "@language": "pl"} for word in ("PIM", "MID", "miasta", "rozwój miejski")],
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": PUBLISHER["foaf:name"][0]["@value"],
                              "vcard:hasURL": PUBLISHER["@id"]},
        "dct:conformsTo": dictionary,
        "foaf:page": url(None, "page"),
        "dcat:distribution": [_distribution(url, name, file, day, dictionary) for file in FILES],
    }
    if day:
        dataset["dct:modified"] = day
    return dataset


def _distribution(url, name, file, day, dictionary):
    fmt, file_type, media_type, title_pl, title_en = file
    address = url(name, fmt)
    distribution = {
        "@id": address + "#distribution",
        "@type": "dcat:Distribution",
        "dct:title": _texts(title_pl, title_en),
        "dcat:accessURL": url(None, "page"),
        "dcat:downloadURL": address,
        "dct:format": EU + "file-type/" + file_type,
        "dcat:mediaType": "https://www.iana.org/assignments/media-types/" + media_type,
        "dct:license": LICENSE,
        "dct:conformsTo": dictionary,
    }
    if day:
        distribution["dct:modified"] = day
    return distribution
