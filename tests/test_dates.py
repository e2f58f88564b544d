import datetime as dt

import pytest

from reviewer.dates import find_dates

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize("text, first, last", [
    ("2025年12月8日，召开会议", dt.date(2025, 12, 8), dt.date(2025, 12, 8)),
    ("11月17日，召开会议", dt.date(2026, 11, 17), dt.date(2026, 11, 17)),
    ("9月23日至25日举办", dt.date(2026, 9, 23), dt.date(2026, 9, 25)),
    ("11月28日至12月2日", dt.date(2026, 11, 28), dt.date(2026, 12, 2)),
    ("10月下旬", dt.date(2026, 10, 21), dt.date(2026, 10, 31)),
    ("截至2025年6月底", dt.date(2025, 6, 21), dt.date(2025, 6, 30)),
    ("去年12月3日", dt.date(2025, 12, 3), dt.date(2025, 12, 3)),
    ("2025年底", dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
])
def test_resolves_dates(text, first, last):
    d = find_dates(text, TODAY)[0]
    assert (d.first, d.last) == (first, last)


def test_yearless_future_event_means_last_year():
    d = find_dates("12月10日，县政府召开会议", dt.date(2026, 1, 8))[0]
    assert d.first == dt.date(2025, 12, 10)


def test_forecast_keeps_future_and_rolls_into_next_year():
    assert find_dates("11月24日将出现寒潮", TODAY, future_ok=True)[0].first == dt.date(2026, 11, 24)
    assert find_dates("1月3日将出现寒潮", dt.date(2026, 12, 28), future_ok=True)[0].first == dt.date(2027, 1, 3)


@pytest.mark.parametrize("text", ["1至10月全市", "10月以来", "2月30日", "第112月"])
def test_ignores_non_dates(text):
    assert find_dates(text, TODAY) == []
