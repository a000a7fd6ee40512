"""The one set of number formatters (bench/output/fmt.py) every table, report and verdict uses."""

import pytest

from bench.output import fmt


@pytest.mark.parametrize("value, text", [(None, "SATURATED"), (0.04, "0.0 µs"), (5.66, "5.7 µs"),
                                         (999.94, "999.9 µs"), (1000, "1.00 ms"), (1234.5, "1.23 ms"),
                                         (1_234_567, "1,234.57 ms")])
def test_us(value, text):
    assert fmt.us(value) == text


def test_us_says_what_is_missing():
    assert fmt.us(None, missing="n/a") == "n/a"


@pytest.mark.parametrize("value, text", [(None, "n/a"), (4.4, "4 µs"), (14.5, "14 µs"), (1500, "1.50 ms"),
                                         (1_500_000, "1500.00 ms")])
def test_us_whole(value, text):
    assert fmt.us_whole(value) == text


def test_numbers_ratios_and_shares():
    assert fmt.number(4184.4) == "4,184" and fmt.number(100_000) == "100,000" and fmt.number(2.854, 2) == "2.85"
    assert fmt.ns_spread(4184.4, 0.0149) == "4,184 ±1%"
    assert fmt.ratio(0.3649) == "0.36" and fmt.quartiles(0.41, 0.4, 0.4249) == "0.41 [0.40-0.42]"
    assert fmt.percent(0.305) == "30%"
