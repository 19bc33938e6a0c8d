"""A city's workshop brief lists what its reports said as Polish sentences, without stray punctuation."""

import re

from tests.workshop_fixture import at, programme  # noqa: F401  (fixture)


def test_barriers_and_support_of_several_reports_are_joined_without_a_stray_full_stop(runner, programme, create_report, tmp_path):
    create_report(programme.mids["Słupsk"], programme.rounds["2026 H2"], submitted_at=at(2026, 11, 20),
                  barriers_text="Opóźniony przetarg.", support_needed="Doradztwo prawne.")
    result = runner.invoke(args=["export", "brief", "--year", "2026", "--participant", "Słupsk",
                                 "--output", str(tmp_path / "slupsk.html"), "--as-of", "2026-12-15"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "slupsk.html").read_text(encoding="utf-8")
    barriers = re.search(r"<strong>Bariery:</strong>(.*?)</p>", page, re.S).group(1)
    support = re.search(r"<strong>Potrzebne wsparcie:</strong>(.*?)</p>", page, re.S).group(1)
    assert barriers.strip() == "finansowe, prawne — Brak wkładu własnego; niejasne przepisy; Opóźniony przetarg."
    assert support.strip() == "Szkolenia z zamówień zielonych; Doradztwo prawne."
