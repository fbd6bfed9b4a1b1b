"""Dates are written as Django's date_format() writes them, in each language."""

from datetime import UTC, datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format

from manchette.core.templatetags.time_tags import formatted, time_element

MOMENT = datetime(2025, 3, 18, 13, 5, tzinfo=UTC)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("display", ["DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT"])
def test_a_date_reads_as_djangos_date_format_gives_it(language, display):
    with translation.override(language):
        assert formatted(MOMENT, display) == date_format(MOMENT, display)


def test_a_date_is_a_time_element_in_the_newsrooms_zone():
    with translation.override("fr"):
        element = time_element(MOMENT, "DATETIME_FORMAT")

    assert (
        element == '<time datetime="2025-03-18T14:05:00+01:00">mardi 18 mars 2025 à 14 h 05</time>'
    )


def test_month_and_day_names_follow_the_language_from_one_date_to_the_next():
    moments = [datetime(2025, month, 3, 9, 30, tzinfo=UTC) for month in range(1, 13)]
    for language in ("fr", "en", "fr"):
        with translation.override(language):
            for moment in moments:
                assert formatted(moment, "DATETIME_FORMAT") == date_format(
                    moment, "DATETIME_FORMAT"
                )
    with translation.override("en"):
        assert "December" in formatted(moments[-1], "DATE_FORMAT")
    with translation.override("fr"):
        assert "décembre" in formatted(moments[-1], "DATE_FORMAT")
