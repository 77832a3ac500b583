"""Geometry for the server-drawn SVG charts on the progress page. Pure arithmetic, no markup."""

from dataclasses import dataclass

from .progress import ChapterProgress

ROW = 26
LABEL_WIDTH = 56
BAR_WIDTH = 240
VALUE_WIDTH = 150


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    y: int
    text_y: int
    answered_width: int
    correct_width: int
    percent: int
    answered: int
    questions: int
    level: str
    level_label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_x: int
    bar_width: int
    value_x: int
    bars: list[Bar]


def chapter_chart(chapter: ChapterProgress) -> Chart:
    """One bar per section: the share of its questions last answered right, over the share
    answered at all, with the mastery level written beside it."""
    bars = []
    for i, (section, score, _) in enumerate(chapter.sections):
        answered = score.answered / score.questions if score.questions else 0
        bars.append(
            Bar(
                label=f"{chapter.chapter.number}.{section.number}",
                title=section.title,
                y=i * ROW + 4,
                text_y=i * ROW + 18,
                answered_width=round(BAR_WIDTH * answered),
                correct_width=round(BAR_WIDTH * score.share_correct),
                percent=score.percent,
                answered=score.answered,
                questions=score.questions,
                level=score.level.value,
                level_label=score.level.label,
            )
        )
    return Chart(
        width=LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        height=max(ROW * len(bars), ROW),
        bar_x=LABEL_WIDTH,
        bar_width=BAR_WIDTH,
        value_x=LABEL_WIDTH + BAR_WIDTH + 8,
        bars=bars,
    )
