"""The models, split by domain; import from here."""

from .guide import (
    Chapter,
    Choice,
    Diagram,
    ExamBlueprint,
    GuideInfo,
    Option,
    Pattern,
    Question,
    Scenario,
    Section,
    Step,
    Term,
    WorkbookPrompt,
)
from .practice import Answer, Attempt, AttemptQuestion, Learner, SectionRead

__all__ = [
    "Answer",
    "Attempt",
    "AttemptQuestion",
    "Learner",
    "SectionRead",
    "Chapter",
    "Choice",
    "Diagram",
    "ExamBlueprint",
    "GuideInfo",
    "Option",
    "Pattern",
    "Question",
    "Scenario",
    "Section",
    "Step",
    "Term",
    "WorkbookPrompt",
]
