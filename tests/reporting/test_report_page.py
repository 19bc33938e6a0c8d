"""The ministry's view of a report: the barrier categories stand with the barriers."""

from alumni.models import ReportBarrier


def test_barrier_categories_follow_the_barriers_not_the_next_steps(client, login, create_user, create_mid,
                                                                   create_round, create_report, session):
    mid = create_mid(participant="Słupsk")
    round_ = create_round()
    report = create_report(mid, round_, barriers_text="Brak wykonawców.", support_needed="Szkolenie.",
                           next_steps="Nowy przetarg.")
    session.add(ReportBarrier(report_id=report.id, category="public_procurement"))
    session.commit()
    login(create_user("ministerstwo@example.org", role="ministry"))
    html = client.get(f"/mids/{mid.id}/reports/{round_.id}").get_data(as_text=True)
    order = [html.index(text) for text in ("Brak wykonawców.", "Kategorie barier", "Szkolenie.", "Nowy przetarg.")]
    assert order == sorted(order)


def test_barrier_categories_without_a_text_still_sit_under_the_barriers_heading(
        client, login, create_user, create_mid, create_round, create_report, session):
    mid = create_mid(participant="Słupsk")
    round_ = create_round()
    report = create_report(mid, round_, next_steps="Nowy przetarg.")
    session.add(ReportBarrier(report_id=report.id, category="financial"))
    session.commit()
    login(create_user("ministerstwo@example.org", role="ministry"))
    html = client.get(f"/mids/{mid.id}/reports/{round_.id}").get_data(as_text=True)
    assert html.index("<h2>Bariery</h2>") < html.index("Kategorie barier") < html.index("Nowy przetarg.")
