"""Open data: the files open in Polish Excel's conventions and parse back to the same rows; the catalogue is DCAT-AP."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from alumni.public import visibility
from alumni.public.open_data import DICTIONARIES

EU = Namespace("http://publications.europa.eu/resource/authority/")


@pytest.fixture
def published(session, create_mid, create_action):
    visibility.switch_view(session, True)
    session.commit()
    slupsk = create_mid(participant="Słupsk", title="Błękitno-zielona; „infrastruktura”, etap 2", public_consent=True,
                        public_budget=True, adopted_on=date(2019, 3, 1))
    create_action(slupsk, title="Ogrody deszczowe; zieleń", estimated_budget=Decimal("1234567.5"),
                  planned_start=date(2026, 1, 1), planned_end=date(2026, 12, 1), funding_sources="FEnIKS, KPO")
    lublin = create_mid(participant="Łódź", title="Zielone Serce Miasta", public_consent=True)
    create_action(lublin, title="Park kieszonkowy", estimated_budget=Decimal("999.99"), funding_sources="WFOŚiGW")
    hidden = create_mid(participant="Lublin", title="Nie do publikacji")
    create_action(hidden, title="Tajne działanie")
    return slupsk, lublin


def _polish_csv(response):
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def _comma_csv(response):
    assert not response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8"), newline=""), delimiter=","))


def _as_text(value, decimal_comma):
    if value is None:
        return ""
    text = str(value)
    return text.replace(".", ",") if decimal_comma and isinstance(value, str) and _is_amount(value) else text


def _is_amount(text):
    return text.replace(".", "", 1).isdigit() and "." in text


@pytest.mark.parametrize("dataset", ["mids", "actions"])
def test_the_csv_variants_parse_back_to_the_json_rows(client, published, dataset):
    document = client.get(f"/open-data/{dataset}.json").get_json()
    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["columns"] == [column.name for column in DICTIONARIES[dataset]]
    rows = document["rows"]
    assert len(rows) == 2
    polish, comma = _polish_csv(client.get(f"/open-data/{dataset}.csv")), _comma_csv(
        client.get(f"/open-data/{dataset}.comma.csv"))
    assert polish == [{key: _as_text(value, True) for key, value in row.items()} for row in rows]
    assert comma == [{key: _as_text(value, False) for key, value in row.items()} for row in rows]


def test_the_files_hold_the_public_rows_with_published_budgets_only(client, published):
    slupsk, lodz = published
    mids = client.get("/open-data/mids.json").get_json()["rows"]
    assert [(row["participant"], row["title"]) for row in mids] == [
        ("Słupsk", "Błękitno-zielona; „infrastruktura”, etap 2"), ("Łódź", "Zielone Serce Miasta")]
    assert mids[0]["page_url"] == f"http://alumni.example.org/public/mids/{slupsk.id}"
    assert mids[0]["adopted_on"] == "2019-03-01" and mids[0]["life_status"] in ("active", "at_risk", "dormant")
    actions = {row["title"]: row for row in client.get("/open-data/actions.json").get_json()["rows"]}
    assert set(actions) == {"Ogrody deszczowe; zieleń", "Park kieszonkowy"}
    assert actions["Ogrody deszczowe; zieleń"]["estimated_budget_pln"] == "1234567.50"
    assert actions["Park kieszonkowy"]["estimated_budget_pln"] is None
    assert actions["Park kieszonkowy"]["funding_sources"] == ""
    polish = _polish_csv(client.get("/open-data/actions.csv"))
    assert polish[0]["estimated_budget_pln"] == "1234567,50"  # Polish Excel reads a decimal comma
    assert polish[0]["planned_start"] == "2026-01-01"


def test_each_dataset_has_a_dictionary_of_its_columns(client, published):
    for dataset, columns in DICTIONARIES.items():
        response = client.get(f"/open-data/{dataset}.dictionary.csv")
        rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
        assert [row["column"] for row in rows] == [column.name for column in columns]
        assert all(row["opis"] and row["description"] and row["type"] for row in rows)
    page = client.get("/open-data/").get_data(as_text=True)
    assert "estimated_budget_pln" in page and "CC BY 4.0" in page
    assert 'href="/open-data/catalog.jsonld"' in page


# rdflib's own JSON-LD parser still builds a ConjunctiveGraph inside (deprecated in rdflib 7.1+).
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_the_catalogue_is_dcat_ap_json_ld_describing_every_file(client, published):
    response = client.get("/open-data/catalog.jsonld")
    assert response.mimetype == "application/ld+json"
    graph = Graph().parse(data=response.get_data(as_text=True), format="json-ld",
                          base="http://alumni.example.org/")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert catalogs == [URIRef("http://alumni.example.org/open-data/catalog.jsonld")]
    catalog = catalogs[0]
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == 2 and all((dataset, RDF.type, DCAT.Dataset) in graph for dataset in datasets)
    today = Literal(json.loads(response.data)["dct:modified"], datatype=XSD.date)
    assert (catalog, DCTERMS.modified, today) in graph
    downloads = set()
    for dataset in datasets:
        assert (dataset, DCTERMS.license, EU["licence/CC_BY_4_0"]) in graph
        assert (dataset, DCTERMS.modified, today) in graph
        assert graph.value(dataset, DCTERMS.title) is not None and graph.value(dataset, DCAT.contactPoint)
        assert graph.value(dataset, DCTERMS.publisher) is not None
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert (distribution, DCTERMS.license, EU["licence/CC_BY_4_0"]) in graph
            assert (distribution, DCTERMS.modified, today) in graph
            assert graph.value(distribution, DCTERMS["format"]) in (EU["file-type/CSV"], EU["file-type/JSON"])
            assert graph.value(distribution, DCTERMS.conformsTo) is not None  # the data dictionary
            downloads.add(str(graph.value(distribution, DCAT.downloadURL)))
    assert downloads == {f"http://alumni.example.org/open-data/{dataset}.{fmt}"
                         for dataset in ("mids", "actions") for fmt in ("csv", "comma.csv", "json")}
    for address in downloads | {str(graph.value(dataset, DCTERMS.conformsTo)) for dataset in datasets}:
        assert client.get(address.removeprefix("http://alumni.example.org")).status_code == 200, address


def test_the_modification_day_follows_the_last_published_change(client, session, published):
    slupsk, _lodz = published
    before = client.get("/open-data/mids.json").get_json()["modified"]
    assert before == max(slupsk.updated_at, visibility_updated(session)).date().isoformat()


def visibility_updated(session):
    from sqlmodel import select

    from alumni.models import Setting

    return session.exec(select(Setting.updated_at)).one()
