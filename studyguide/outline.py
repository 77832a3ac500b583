"""The guide's outline, from two queries: chapters with their sections, for the contents, the
chapter pages and progress. (Each page's previous / next is stored on its row by the loader.)"""

from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Chapter, Section

OUTLINE_SECTION_FIELDS = ("id", "slug", "title", "summary", "number", "chapter_id", "word_count")


@dataclass
class Outline:
    chapters: list[Chapter]

    @classmethod
    def load(cls) -> "Outline":
        sections = Section.objects.live().only(*OUTLINE_SECTION_FIELDS).order_by("position")
        chapters = list(
            Chapter.objects.live().prefetch_related(
                Prefetch("sections", queryset=sections, to_attr="live_sections")
            )
        )
        for chapter in chapters:
            for section in chapter.live_sections:
                section.chapter = chapter  # the prefetch already holds it; no extra query
        return cls(chapters)

    @property
    def main_chapters(self) -> list[Chapter]:
        return [c for c in self.chapters if not c.is_appendix]

    @property
    def appendices(self) -> list[Chapter]:
        return [c for c in self.chapters if c.is_appendix]
