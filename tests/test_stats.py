"""Content figures: the content_stats command and the pure functions behind it."""

import io

from django.core.management import call_command

from studyguide.loader import ChoiceData
from studyguide.stats import SectionStats, correct_is_longest

from .conftest import FIXTURE_CONTENT


def choice(text: str, correct: bool = False) -> ChoiceData:
    return ChoiceData(key=text[:3], text=text, correct=correct, why="w", misconception="", line=1)


def test_a_section_below_the_minimums_is_flagged():
    assert SectionStats("s", 899, 6).shortfalls() == ["below 900 words"]
    assert SectionStats("s", 900, 5).shortfalls() == ["below 6 questions"]
    assert SectionStats("s", 900, 6).shortfalls() == []


def test_correct_choice_counts_as_longest_only_when_strictly_longest():
    assert correct_is_longest([choice("a much longer answer", True), choice("short")])
    assert not correct_is_longest([choice("same", True), choice("size")])
    assert not correct_is_longest([choice("short", True), choice("a much longer answer")])


def test_content_stats_prints_figures_per_chapter_and_totals():
    out = io.StringIO()
    call_command("content_stats", path=FIXTURE_CONTENT, stdout=out)
    text = out.getvalue()
    assert "01 Basics" in text and "02 Events" in text
    assert "what-it-is" in text and "3 questions  <-- below 900 words, below 6 questions" in text
    assert "types:   {'single': 1, 'multiple': 1, 'true_false': 1}" in text
    assert "single items whose correct choice is the longest: 0/1 (0%)" in text
    assert "Total: 3 sections (3 below the minimums)" in text
