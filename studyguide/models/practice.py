"""A learner's practice: who they are (account or guest), their attempts, answers and reads.

Attempts and answers are shared by every mode (section checks and chapter quizzes now, mock exams
and cohort assignments later): an attempt holds an ordered list of questions, each answered once.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .guide import Chapter, Question, Section


class LearnerQuerySet(models.QuerySet):
    def stale_guests(self, cutoff):
        """Guests with nothing done since `cutoff`: no answer, try or read mark at or after it.
        An account's learner is never stale, however long it has been away."""
        since = {"learner": models.OuterRef("pk")}
        return (
            self.filter(user__isnull=True, created_at__lt=cutoff)
            .exclude(models.Exists(Answer.objects.filter(**since, answered_at__gte=cutoff)))
            .exclude(models.Exists(Attempt.objects.filter(**since, started_at__gte=cutoff)))
            .exclude(models.Exists(SectionRead.objects.filter(**since, read_at__gte=cutoff)))
        )


class Learner(models.Model):
    """Whoever is practising: an account holder, or a guest known only by their session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learner",
    )
    created_at = models.DateTimeField()

    objects = LearnerQuerySet.as_manager()

    def __str__(self) -> str:
        return f"learner {self.pk}" + (f" ({self.user})" if self.user_id else " (guest)")

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class AttemptQuerySet(models.QuerySet):
    def owned_by(self, learner: "Learner | None"):
        if learner is None:
            return self.none()
        return self.filter(learner=learner)

    def quizzes(self):
        return self.filter(kind=Attempt.Kind.CHAPTER_QUIZ)

    def section_checks(self, section: Section):
        return self.filter(kind=Attempt.Kind.SECTION_CHECK, section=section)

    def open(self):
        return self.filter(finished_at__isnull=True)

    def latest_first(self):
        return self.order_by("-started_at", "-id")


class Attempt(models.Model):
    """One try at a set of questions. Its seed fixes the choice order for the whole attempt."""

    class Kind(models.TextChoices):
        SECTION_CHECK = "section", "Section check"
        CHAPTER_QUIZ = "quiz", "Chapter quiz"

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # A section check and a chapter quiz have a chapter; a mock exam spanning chapters will not.
    chapter = models.ForeignKey(
        Chapter, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    seed = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    question_count = models.PositiveSmallIntegerField()
    correct_count = models.PositiveSmallIntegerField(default=0)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["learner", "kind", "section", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("quiz_attempt", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> int:
        return round(100 * self.correct_count / self.question_count) if self.question_count else 0

    def question_url(self, position: int) -> str:
        return reverse("quiz_question", args=[self.pk, position])

    def result_url(self) -> str:
        return reverse("quiz_result", args=[self.pk])

    def finish_if_complete(self, answered: int, now) -> bool:
        """Close the attempt once every question has its answer; True when it closed now."""
        if self.finished_at is None and answered >= self.question_count:
            self.finished_at = now
            return True
        return False


class AttemptQuestion(models.Model):
    """A question as placed in an attempt: its position, and later its answer."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_question_per_item"),
            models.UniqueConstraint(fields=["attempt", "position"], name="one_item_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} #{self.position}"


class Answer(models.Model):
    """The one scored answer to an item. Kept with its time, for statistics and scheduling."""

    item = models.OneToOneField(AttemptQuestion, on_delete=models.CASCADE, related_name="answer")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice_keys = models.JSONField()  # the choices picked, by their stable content keys
    correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["learner", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.question.key}: {'right' if self.correct else 'wrong'}"


class SectionRead(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="reads")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "section"], name="one_read_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.learner} read {self.section_id}"
