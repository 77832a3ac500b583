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

__all__ = [
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
