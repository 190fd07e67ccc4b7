"""What a report reader reads: the whole historical report in words, without ids or grid coordinates."""

from __future__ import annotations

import html
import re

from report_games import historical, historical_report
from test_narrator import internal_ids, leaks


def page_text(page: str) -> str:
    """The words of the page as a reader sees them (no markup, styles, images or link targets)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def test_the_historical_report_names_units_places_and_rules_without_an_id_or_a_coordinate():
    _, page = historical_report()
    text = page_text(page)
    assert "Government and allies" in text and "The scenario starts this beat when" in text
    found = leaks(text, internal_ids(historical()))
    assert not found, found


def test_the_report_agrees_verbs_with_plural_side_names():
    _, page = historical_report()
    text = page_text(page)
    for wrong in ("allies declares", "allies finds", "allies was", "allies is ", "its declaration, the share of "
                  "Abu Kamal held by Government and allies"):
        assert wrong not in text, wrong
    assert not re.search(r"\b1 (steps|units|moves)\b", text)
