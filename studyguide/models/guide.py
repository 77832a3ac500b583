"""The guide's content as loaded from content/: a projection of the files, keyed by stable ids.

Rows are never deleted by the loader; an item removed from the files is marked retired so that
learners' history keeps pointing at it.
"""

from django.db import models
from django.urls import reverse
from django.utils.safestring import mark_safe


class LiveQuerySet(models.QuerySet):
    def live(self):
        return self.filter(retired=False)


class PatternQuerySet(LiveQuerySet):
    def matching(self, *, kind="", latency="", risk="", workload=""):
        """The matrix's filter; an empty value matches everything."""
        patterns = self.live()
        for field, value in (("kind", kind), ("latency", latency), ("operational_risk", risk)):
            if value:
                patterns = patterns.filter(**{field: value})
        # A pattern lists its workloads in a JSON array, which SQLite cannot search by
        # containment; the matrix holds a few dozen rows, so the last test is done here.
        return [p for p in patterns if not workload or workload in p.workloads]


class SectionQuerySet(LiveQuerySet):
    def at(self, chapter_slug: str, section_slug: str) -> "Section | None":
        """The live section at /read/<chapter>/<section>/, or None. Section slugs are unique, so
        one indexed lookup finds it and the chapter is checked on the row: on the busiest page
        that costs less than filtering on the joined chapter (and get() less than first(),
        which adds an ORDER BY)."""
        try:
            section = self.live().select_related("chapter").get(slug=section_slug)
        except self.model.DoesNotExist:
            return None
        if section.chapter.retired or section.chapter.slug != chapter_slug:
            return None
        return section


class Stop(dict):
    """A previous / next page as stored by the loader, with its address worked out on use."""

    @property
    def url(self) -> str:
        if self["section"]:
            return reverse("section", args=[self["chapter"], self["section"]])
        return reverse("chapter", args=[self["chapter"]])

    @property
    def label(self) -> str:
        return self["label"]


class Paged:
    """For a model whose `neighbours` holds its previous and next stop in reading order."""

    @property
    def previous_stop(self) -> Stop | None:
        stop = self.neighbours.get("previous")
        return Stop(stop) if stop else None

    @property
    def next_stop(self) -> Stop | None:
        stop = self.neighbours.get("next")
        return Stop(stop) if stop else None


class ContentItem(models.Model):
    """Fields every loaded item has: its place in reading order and whether it is retired."""

    position = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(default=False, db_index=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position"]


class GuideInfo(models.Model):
    """The one row holding guide.yaml."""

    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=300)
    edition = models.CharField(max_length=20)
    intro_html = models.TextField()

    class Meta:
        verbose_name = "guide"

    def __str__(self) -> str:
        return self.title

    @property
    def intro(self):
        return mark_safe(self.intro_html)  # sanitised at load time by rendering.py


class Chapter(Paged, ContentItem):
    class Kind(models.TextChoices):
        CHAPTER = "chapter", "Chapter"
        APPENDIX = "appendix", "Appendix"

    class Gathers(models.TextChoices):
        NOTHING = "", "Nothing"
        GLOSSARY = "glossary", "Glossary terms"
        PATTERNS = "patterns", "Patterns"
        DIAGRAMS = "diagrams", "Diagrams"
        WORKBOOK = "workbook", "Review questions and workbook prompts"
        SCENARIOS = "scenarios", "Scenarios and exams"

    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    intro_html = models.TextField(blank=True)
    gathers = models.CharField(max_length=12, choices=Gathers.choices, blank=True)
    neighbours = models.JSONField(default=dict)  # previous / next in reading order
    source_path = models.CharField(max_length=300)

    class Meta(ContentItem.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("chapter", args=[self.slug])

    @property
    def intro(self):
        return mark_safe(self.intro_html)

    @property
    def is_appendix(self) -> bool:
        return self.kind == self.Kind.APPENDIX


class Section(Paged, ContentItem):
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="sections")
    slug = models.SlugField(max_length=120, unique=True)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    objectives = models.JSONField(default=list)
    # [{"slug", "term", "definition"}], copied from the glossary by the loader
    key_terms = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    headings = models.JSONField(default=list)  # [{"id", "title", "level"}] in body order
    body_html = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    neighbours = models.JSONField(default=dict)  # previous / next in reading order
    # The live questions with their choices, answer key included: never sent as it is.
    question_cards = models.JSONField(default=list)
    # A fingerprint of this row and its chapter's, set by the loader: the key under which pages
    # keep the section and its rendered article per process.
    revision = models.CharField(max_length=16, blank=True)
    source_path = models.CharField(max_length=300)

    objects = SectionQuerySet.as_manager()

    class Meta(ContentItem.Meta):
        pass

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("section", args=[self.chapter.slug, self.slug])

    @property
    def body(self):
        return mark_safe(self.body_html)

    @property
    def is_written(self) -> bool:
        return bool(self.body_html)

    def heading_title(self, anchor: str) -> str:
        return next((h["title"] for h in self.headings if h["id"] == anchor), "")


class SectionLink(models.Model):
    """A pointer into the guide: a section and, optionally, one of its heading ids."""

    target_section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    target_anchor = models.CharField(max_length=80, blank=True)

    class Meta:
        abstract = True

    @property
    def target_url(self) -> str:
        if self.target_section is None:
            return ""
        url = self.target_section.get_absolute_url()
        return f"{url}#{self.target_anchor}" if self.target_anchor else url

    @property
    def target_label(self) -> str:
        if self.target_section is None:
            return ""
        heading = self.target_anchor and self.target_section.heading_title(self.target_anchor)
        return f"{self.target_section.title} › {heading}" if heading else self.target_section.title


class QuestionQuerySet(LiveQuerySet):
    def for_chapter(self, chapter):
        return self.filter(section__chapter=chapter, section__retired=False)


class Question(ContentItem):
    class Type(models.TextChoices):
        SINGLE = "single", "Single answer"
        MULTIPLE = "multiple", "Multiple answers"
        TRUE_FALSE = "true_false", "True or false"

    class Level(models.TextChoices):
        RECALL = "recall", "Recall"
        APPLY = "apply", "Apply"
        ANALYZE = "analyze", "Analyze"

    class Vendor(models.TextChoices):
        NEUTRAL = "neutral", "Vendor-neutral"
        AWS = "aws", "AWS"
        AZURE = "azure", "Azure"
        GCP = "gcp", "Google Cloud"

    key = models.CharField(max_length=80, unique=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="questions")
    anchor = models.CharField(max_length=80, blank=True)
    type = models.CharField(max_length=12, choices=Type.choices)
    level = models.CharField(max_length=10, choices=Level.choices)
    vendor = models.CharField(max_length=10, choices=Vendor.choices, default=Vendor.NEUTRAL)
    tags = models.JSONField(default=list)
    shuffle = models.BooleanField(default=True)
    stem_html = models.TextField()
    explanation_html = models.TextField()

    objects = QuestionQuerySet.as_manager()

    class Meta(ContentItem.Meta):
        pass

    def __str__(self) -> str:
        return self.key


class Choice(ContentItem):
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="choices")
    key = models.CharField(max_length=40)
    text_html = models.TextField()
    correct = models.BooleanField(default=False)
    why_html = models.TextField()
    misconception = models.CharField(max_length=80, blank=True)

    class Meta(ContentItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="unique_choice_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.key}/{self.key}"


class Scenario(ContentItem):
    key = models.CharField(max_length=80, unique=True)
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="scenarios")
    title = models.CharField(max_length=200)
    vendor = models.CharField(
        max_length=10, choices=Question.Vendor.choices, default=Question.Vendor.NEUTRAL
    )
    context_html = models.TextField()
    start_key = models.CharField(max_length=80)

    class Meta(ContentItem.Meta):
        pass

    def __str__(self) -> str:
        return self.title


class Step(ContentItem):
    class Outcome(models.TextChoices):
        NONE = "", "Decision"
        GOOD = "good", "Good"
        WORKABLE = "workable", "Workable"
        HARMFUL = "harmful", "Harmful"

    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="steps")
    key = models.CharField(max_length=80)
    prompt_html = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    ending_html = models.TextField(blank=True)

    class Meta(ContentItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["scenario", "key"], name="unique_step_per_scenario")
        ]

    def __str__(self) -> str:
        return f"{self.scenario.key}/{self.key}"


class Option(ContentItem, SectionLink):
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="options")
    key = models.CharField(max_length=80)
    text = models.TextField()
    score = models.PositiveSmallIntegerField()
    feedback_html = models.TextField()
    next_key = models.CharField(max_length=80)

    class Meta(ContentItem.Meta):
        constraints = [
            models.UniqueConstraint(fields=["step", "key"], name="unique_option_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.step}/{self.key}"


class WorkbookPrompt(ContentItem, SectionLink):
    key = models.CharField(max_length=80, unique=True)
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="workbook")
    prompt_html = models.TextField()
    model_answer_html = models.TextField()
    rubric = models.JSONField(default=list)

    class Meta(ContentItem.Meta):
        pass

    def __str__(self) -> str:
        return self.key


class Term(ContentItem, SectionLink):
    slug = models.SlugField(max_length=120, unique=True)
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="terms")
    term = models.CharField(max_length=200)
    aliases = models.JSONField(default=list)
    definition_html = models.TextField()
    definition_text = models.TextField()
    related = models.JSONField(default=list)

    class Meta(ContentItem.Meta):
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class Diagram(ContentItem):
    slug = models.SlugField(max_length=120, unique=True)
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="diagrams")
    title = models.CharField(max_length=200)
    alt = models.TextField()
    svg = models.TextField()  # sanitised at load time
    sections = models.JSONField(default=list)  # section references as written

    class Meta(ContentItem.Meta):
        pass

    def __str__(self) -> str:
        return self.title


class Pattern(ContentItem):
    class Kind(models.TextChoices):
        PATTERN = "pattern", "Pattern"
        ANTI_PATTERN = "anti-pattern", "Anti-pattern"

    class Latency(models.TextChoices):
        INTERACTIVE = "interactive", "Interactive"
        NEAR_REAL_TIME = "near-real-time", "Near real time"
        TOLERANT = "tolerant", "Tolerant"

    class Risk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    # The workload vocabulary of the matrix: the loader accepts no other, the filter offers these.
    WORKLOADS = {
        "api": "APIs",
        "web": "Web and mobile front ends",
        "event-processing": "Event processing",
        "stream-processing": "Stream processing",
        "batch": "Batch and data-parallel jobs",
        "workflow": "Workflows",
        "integration": "Integration",
        "scheduled": "Scheduled jobs",
    }

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=14, choices=Kind.choices)
    aka = models.JSONField(default=list)
    summary_html = models.TextField()
    workloads = models.JSONField(default=list)
    latency = models.CharField(max_length=16, choices=Latency.choices)
    operational_risk = models.CharField(max_length=8, choices=Risk.choices)
    use_when = models.JSONField(default=list)
    avoid_when = models.JSONField(default=list)
    sections = models.JSONField(default=list)  # [{"section", "chapter", "anchor", "title"}]

    objects = PatternQuerySet.as_manager()

    class Meta(ContentItem.Meta):
        pass

    def __str__(self) -> str:
        return self.name

    @property
    def summary(self):
        return mark_safe(self.summary_html)  # sanitised at load time by rendering.py

    @property
    def workload_labels(self) -> list[str]:
        return [self.WORKLOADS.get(w, w) for w in self.workloads]


class ExamBlueprint(ContentItem):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    description_html = models.TextField()
    question_count = models.PositiveSmallIntegerField()
    minutes = models.PositiveSmallIntegerField()
    pass_percent = models.PositiveSmallIntegerField()
    vendor = models.CharField(
        max_length=10, choices=Question.Vendor.choices, default=Question.Vendor.NEUTRAL
    )
    domains = models.JSONField(default=list)  # [{"name", "weight", "chapters", "count"}]

    class Meta(ContentItem.Meta):
        pass

    def __str__(self) -> str:
        return self.title
