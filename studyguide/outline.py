"""The guide's reading order, built from two queries, for contents, breadcrumbs and previous/next."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import Chapter, Section

OUTLINE_SECTION_FIELDS = ("id", "slug", "title", "summary", "number", "chapter_id", "word_count")


@dataclass
class Stop:
    """One page in reading order: a chapter or appendix page, or a section page."""

    title: str
    url: str
    label: str


@dataclass
class Outline:
    chapters: list[Chapter]
    stops: list[Stop] = field(default_factory=list)

    @classmethod
    def load(cls) -> "Outline":
        sections = Section.objects.live().only(*OUTLINE_SECTION_FIELDS).order_by("position")
        chapters = list(
            Chapter.objects.live().prefetch_related(
                Prefetch("sections", queryset=sections, to_attr="live_sections")
            )
        )
        outline = cls(chapters)
        for chapter in chapters:
            outline.stops.append(Stop(chapter.title, chapter.get_absolute_url(), str(chapter)))
            for section in chapter.live_sections:
                section.chapter = chapter  # the prefetch already holds it; no extra query
                outline.stops.append(
                    Stop(
                        section.title,
                        section.get_absolute_url(),
                        f"{chapter.number}.{section.number} {section.title}",
                    )
                )
        return outline

    def neighbours(self, url: str) -> tuple[Stop | None, Stop | None]:
        index = next(i for i, stop in enumerate(self.stops) if stop.url == url)
        previous = self.stops[index - 1] if index > 0 else None
        following = self.stops[index + 1] if index + 1 < len(self.stops) else None
        return previous, following

    @property
    def main_chapters(self) -> list[Chapter]:
        return [c for c in self.chapters if not c.is_appendix]

    @property
    def appendices(self) -> list[Chapter]:
        return [c for c in self.chapters if c.is_appendix]
