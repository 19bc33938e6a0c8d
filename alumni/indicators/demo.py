"""Illustrative indicators for the demo's MIDs and the synthetic ones (benchmarks, query-count tests).

Every demo indicator says in its source note that its numbers are *dane ilustracyjne*: the
programme's documents name the MIDs' goals, not measured values.
"""

import random
from decimal import Decimal

from sqlalchemy import insert
from sqlmodel import select

from ..models import Indicator, IndicatorValue, utcnow

ILLUSTRATIVE = "Dane ilustracyjne (demo)"

# By network theme: (name, unit, direction, baseline, target). Słupsk's retention comes first for its MID.
BY_THEME = {
    "Mobilność miejska": [("Udział podróży rowerem i pieszo", "%", "increase", 28, 40),
                          ("Pasażerowie komunikacji miejskiej rocznie", "osoby", "increase", 21_000_000, 25_000_000)],
    "Rewitalizacja": [("Wyremontowane mieszkania komunalne", "szt.", "increase", 0, 240),
                      ("Pustostany w obszarze rewitalizacji", "szt.", "decrease", 310, 120)],
    "Jakość powietrza": [("Wymienione źródła ciepła", "szt.", "increase", 0, 1500),
                         ("Emisja CO₂ z ogrzewania budynków", "t CO₂", "decrease", 52_000, 38_000)],
    "Sieć Zielona": [("Drzewa posadzone", "szt.", "increase", 0, 5000),
                     ("Powierzchnia terenów zielonych", "m²", "increase", 180_000, 240_000)],
    "Sieć PPP": [("Zużycie energii w budynkach objętych PPP", "MWh", "decrease", 4200, 2900)],
    "Sieć Cyfrowa": [("Sprawy załatwiane elektronicznie", "%", "increase", 22, 60)],
    "Miasto Kompaktowe": [("Zagospodarowane tereny poprzemysłowe", "m²", "increase", 0, 85_000)],
    "Miasto Efektywne Energetycznie": [("Zużycie energii w budynkach publicznych", "MWh", "decrease", 18_500, 13_000),
                                       ("Emisja CO₂ z budynków publicznych", "t CO₂", "decrease", 9_800, 6_500)],
    "Miasto Dostępnych Mieszkań": [("Mieszkania na wynajem oddane do użytku", "szt.", "increase", 0, 180)],
}
BY_PARTICIPANT = {
    "Słupsk": [("Objętość retencji wód opadowych", "m³", "increase", 1200, 15_000)],
}


def _trajectory(rng, baseline, target, first, last, years):
    """Yearly values from ``first`` to ``years[-1]``: some MIDs keep pace, some fall behind."""
    pace = rng.choice([1.4, 1.2, 1.05, 0.6])
    values = []
    for year in years:
        share = min((year - first + 1) / (last - first + 1) * pace, 1.1)
        value = baseline + (target - baseline) * share * rng.uniform(0.9, 1.05)
        values.append((year, Decimal(round(value))))
    return values


def demo_indicators(session, mid, participant_name, theme, started, today):
    """Add the illustrative indicators of a demo MID (none if it has some); flushes."""
    if session.exec(select(Indicator.id).where(Indicator.mid_id == mid.id)).first() is not None:
        return
    rng = random.Random(f"indicators/{participant_name}/{theme}")
    pool = BY_PARTICIPANT.get(participant_name, []) + BY_THEME.get(theme, [])
    base_year = started.year - 1
    target_year = max(base_year + 4, today.year + 2)
    for position, (name, unit, direction, baseline, target) in enumerate(pool[:3]):
        indicator = Indicator(mid_id=mid.id, position=position, name=name, unit=unit, direction=direction,
                              baseline_value=Decimal(baseline), baseline_year=base_year,
                              target_value=Decimal(target), target_year=target_year,
                              source=f"{ILLUSTRATIVE}: sprawozdania urzędu miasta, pomiar roczny.")
        session.add(indicator)
        session.flush()
        years = list(range(base_year + 1, today.year + 1))
        for year, value in _trajectory(rng, baseline, target, base_year + 1, target_year, years):
            if unit == "%":
                value = min(value, Decimal(100))
            session.add(IndicatorValue(indicator_id=indicator.id, mid_id=mid.id, year=year, value=value,
                                       comment=ILLUSTRATIVE.lower() if year == years[-1] else ""))
    session.flush()


SYNTHETIC = [("Drzewa posadzone", "szt.", "increase", 0, 2000),
             ("Emisja CO₂", "t CO₂", "decrease", 10_000, 6_000),
             ("Udział podróży rowerem", "%", "increase", 5, 15)]


def synthetic_indicators(session, mid_ids, rng, today):
    """3 indicators × 5 yearly values for each of ``mid_ids``, in bulk (benchmarks, query-count tests)."""
    now = utcnow()
    base_year, target_year = today.year - 6, today.year + 4
    rows = [{"mid_id": mid_id, "position": position, "name": name, "unit": unit, "direction": direction,
             "baseline_value": Decimal(baseline), "baseline_year": base_year, "target_value": Decimal(target),
             "target_year": target_year, "source": ILLUSTRATIVE, "created_at": now, "updated_at": now, "version": 1}
            for mid_id in mid_ids for position, (name, unit, direction, baseline, target) in enumerate(SYNTHETIC)]
    for start in range(0, len(rows), 5000):
        session.exec(insert(Indicator), params=rows[start:start + 5000])
    wanted = set(mid_ids)
    created = [row for row in session.exec(select(Indicator.id, Indicator.mid_id, Indicator.position)
                                           .where(Indicator.mid_id >= min(wanted))).all()
               if row[1] in wanted] if wanted else []
    values = []
    for indicator_id, mid_id, position in created:
        _name, _unit, _direction, baseline, target = SYNTHETIC[position]
        for year, value in _trajectory(rng, baseline, target, base_year + 1, target_year,
                                       range(today.year - 4, today.year + 1)):
            values.append({"indicator_id": indicator_id, "mid_id": mid_id, "year": year, "value": value,
                           "comment": "", "created_at": now, "updated_at": now, "version": 1})
    for start in range(0, len(values), 5000):
        session.exec(insert(IndicatorValue), params=values[start:start + 5000])
