"""The ministry's pages, and a MID's own, cost a constant number of SQL statements, whatever the number of MIDs."""

from datetime import date

from sqlmodel import select

from alumni.demo import load_synthetic
from alumni.models import Mid, utcnow

# Filtered by an edition (its networks' kept counts), a voivodeship (the map by participant) and a size.
PAGES = ["/dashboard", "/dashboard?round={round}", "/dashboard?voivodeship=mazowieckie", "/dashboard?edition={edition}",
         "/dashboard?size=20k-100k", "/dashboard/silent",
         "/mids", "/mids?status=at_risk&sort=status&dir=desc&page=2", "/mids?q=syntetyczny&size=20k-100k",
         "/mids/{mid}"]


def _statements_per_page(client, statements, round_id, mid_id, edition_id):
    result = {}
    for page in PAGES:
        url = page.format(round=round_id, mid=mid_id, edition=edition_id)
        assert client.get(url).status_code == 200  # warm: first connection, caches
        statements.clear()
        assert client.get(url).status_code == 200
        result[url] = len(statements)
    return result


def test_page_statements_do_not_grow_from_10_to_1000_mids(app, client, session, login, create_user,
                                                          create_network, create_round, statements):
    app.config["PAGE_CACHE_ENTRIES"] = 0  # pages built each time, not kept (``http_cache``)
    today = utcnow().date()
    pim_ii = create_network("Sieć Zielona", "PIM II", date(2023, 3, 31)).edition_id
    create_network("Sieć Cyfrowa", "PIM II", date(2023, 3, 31))
    create_network("Miasto Kompaktowe", "PIM III", date(2025, 3, 31))
    closed = create_round("Runda A", date(2025, 11, 3), date(2025, 12, 15), date(2026, 1, 30))
    create_round("Runda B", date(2026, 5, 4), date(2026, 6, 15), date(2026, 7, 31))
    create_round("Runda bieżąca", today, today, today)
    load_synthetic(session, 10, today)
    session.commit()
    create_user("koordynator@example.org", participants=("Gmina syntetyczna 00001", "Gmina syntetyczna 00002"))
    login(create_user("analityk@example.org", role="ministry"))

    first_mid = session.exec(select(Mid.id).order_by(Mid.id)).first()  # with its actions, reports, indicators
    at_10 = _statements_per_page(client, statements, closed.id, first_mid, pim_ii)
    load_synthetic(session, 1000, today)
    session.commit()
    at_1000 = _statements_per_page(client, statements, closed.id, first_mid, pim_ii)
    # the synthetic MIDs carry 3 indicators each, judged and counted on the dashboard
    assert 'id="indicators-headline"' in client.get("/dashboard").get_data(as_text=True)

    assert at_1000 == at_10
    assert max(n for url, n in at_10.items() if not url.startswith("/mids/")) <= 20, at_10
    assert at_10[f"/mids/{first_mid}"] <= 25, at_10  # the MID page: its plan, reports, indicators, history
