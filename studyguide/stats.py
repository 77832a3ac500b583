"""Content figures computed from a parsed content tree: pure functions, no database."""

from collections import Counter
from dataclasses import dataclass, field

from .loader import ContentTree

MIN_WORDS = 900  # the content guide's minimums for a section
MIN_QUESTIONS = 6


@dataclass
class SectionStats:
    slug: str
    words: int
    questions: int

    def shortfalls(self) -> list[str]:
        out = []
        if self.words < MIN_WORDS:
            out.append(f"below {MIN_WORDS} words")
        if self.questions < MIN_QUESTIONS:
            out.append(f"below {MIN_QUESTIONS} questions")
        return out


@dataclass
class ChapterStats:
    slug: str
    number: int
    title: str
    sections: list[SectionStats] = field(default_factory=list)
    levels: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    vendors: Counter = field(default_factory=Counter)
    singles: int = 0
    correct_longest: int = 0
    scenarios: int = 0
    workbook: int = 0
    terms: int = 0
    diagrams: int = 0

    @property
    def correct_longest_share(self) -> float:
        return self.correct_longest / self.singles if self.singles else 0.0


def correct_is_longest(choices) -> bool:
    """True when the correct choice is strictly the longest: the clue test-wise learners use."""
    correct = [len(c.text.strip()) for c in choices if c.correct]
    others = [len(c.text.strip()) for c in choices if not c.correct]
    return bool(correct and others) and max(correct) > max(others)


def chapter_stats(tree: ContentTree) -> list[ChapterStats]:
    out = []
    for chapter in tree.chapters:
        if chapter.kind != "chapter":
            continue
        stats = ChapterStats(chapter.slug, chapter.number, chapter.title)
        for section in (s for s in tree.sections if s.chapter == chapter.slug):
            questions = [q for q in tree.questions if q.section == section.slug]
            stats.sections.append(SectionStats(section.slug, section.word_count, len(questions)))
            for q in questions:
                stats.levels[q.level] += 1
                stats.types[q.type] += 1
                stats.vendors[q.vendor] += 1
                if q.type == "single":
                    stats.singles += 1
                    stats.correct_longest += correct_is_longest(q.choices)
        stats.scenarios = sum(1 for s in tree.scenarios if s.chapter == chapter.slug)
        stats.workbook = sum(1 for w in tree.workbook if w.chapter == chapter.slug)
        stats.terms = sum(1 for t in tree.terms if t.chapter == chapter.slug)
        stats.diagrams = sum(1 for d in tree.diagrams if d.chapter == chapter.slug)
        out.append(stats)
    return out
