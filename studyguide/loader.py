"""Read content/ into plain data, validate all of it, then sync it to the database in one go.

Two layers: `parse_content(root)` is pure (files in, dataclasses and a list of errors out, every
error with its path and line), and `sync_content(tree)` writes the result in one transaction,
updating rows in place by their stable ids and retiring what the files no longer hold.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.urls import reverse

from . import rendering

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUESTION_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{3}$")
NUMBERED = re.compile(r"^(\d{2})-[a-z0-9-]+$")
MIN_DECISIONS, MAX_DECISIONS = 3, 6


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class LoadError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Problems:
    def __init__(self) -> None:
        self.errors: list[LoadError] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.errors.append(LoadError(path, max(1, line), message))


def nearest(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f' (did you mean "{match[0]}"?)' if match else ""


# --------------------------------------------------------------------------- strict YAML


class StrictLoader(yaml.SafeLoader):
    """SafeLoader without the YAML 1.1 booleans yes/no/on/off, so they stay text when quoted or not
    and a non-string check can still catch true/false and numbers."""


StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class F:
    """One field of a schema."""

    kind: str  # text, md, id, slug, bool, int, enum, texts, ids, ref, refs, list
    required: bool = True
    choices: tuple[str, ...] = ()
    item: dict[str, F] | None = None  # schema of list items, for kind "list"


@dataclass
class Rec:
    """A mapping read from YAML: its values and the 1-based line of each key's value."""

    values: dict[str, Any]
    lines: dict[str, int]
    line: int

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def at(self, key: str) -> int:
        return self.lines.get(key, self.line)


class Reader:
    """Turns a composed YAML node into checked Python values, reporting problems with lines."""

    def __init__(self, problems: Problems, path: str, line_offset: int = 0) -> None:
        self.problems, self.path, self.offset = problems, path, line_offset

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def error(self, node_or_line: yaml.Node | int, message: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else self.line(node_or_line)
        self.problems.add(self.path, line, message)

    def record(self, node: yaml.Node, schema: dict[str, F], what: str) -> Rec | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return None
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.error(key_node, f"{what} has a key that is not a plain name")
                continue
            if key in seen:
                self.error(key_node, f'duplicate key "{key}" (first at {self.path}:{seen[key]})')
                continue
            seen[key] = self.line(key_node)
            if key not in schema:
                self.error(
                    key_node,
                    f'unknown key "{key}" in {what}{nearest(key, schema)}; '
                    f"allowed: {', '.join(schema)}",
                )
                continue
            value = self.value(value_node, schema[key], f'"{key}"')
            if value is not None:
                values[key] = value
                lines[key] = self.line(value_node)
        for key, spec in schema.items():
            if spec.required and key not in seen:
                self.error(node, f'{what} is missing the required key "{key}"')
        return Rec(values, lines, self.line(node))

    def value(self, node: yaml.Node, spec: F, what: str) -> Any:
        kind = spec.kind
        if kind == "list":
            if not isinstance(node, yaml.SequenceNode):
                self.error(node, f"{what} must be a list")
                return None
            items = [
                self.record(item, spec.item or {}, f"an item of {what}") for item in node.value
            ]
            return [item for item in items if item is not None]
        if kind in ("texts", "ids", "refs"):
            if not isinstance(node, yaml.SequenceNode):
                self.error(node, f"{what} must be a list")
                return None
            inner = {"texts": "text", "ids": "id", "refs": "ref"}[kind]
            out = []
            for item in node.value:
                value = self.value(item, F(inner), f"an item of {what}")
                if value is not None:
                    out.append((value, self.line(item)))
            return out
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value, not a list or mapping")
            return None
        tag = node.tag.rsplit(":", 1)[-1]
        if kind in ("text", "md", "id", "slug", "ref", "enum"):
            if tag != "str":
                self.error(node, f"{what} must be text, not a {tag}; put it in quotes")
                return None
            text = node.value.strip() if kind != "md" else node.value.rstrip() + "\n"
            if not text.strip():
                self.error(node, f"{what} must not be empty")
                return None
            if kind in ("id", "slug") and not ID_RE.match(text):
                self.error(node, f'{what} "{text}" must be lower-case letters, digits and hyphens')
                return None
            if kind == "enum" and text not in spec.choices:
                self.error(
                    node,
                    f'{what} is "{text}"; expected one of {", ".join(spec.choices)}'
                    f"{nearest(text, spec.choices)}",
                )
                return None
            return text
        if kind == "bool":
            if tag != "bool":
                self.error(node, f"{what} must be true or false")
                return None
            return node.value.lower() == "true"
        if kind == "int":
            if tag != "int":
                self.error(node, f"{what} must be a whole number")
                return None
            return int(node.value)
        raise AssertionError(kind)


# --------------------------------------------------------------------------- schemas

VENDORS = ("neutral", "aws", "azure", "gcp")
GATHERS = ("glossary", "patterns", "diagrams", "workbook", "scenarios")

GUIDE_SCHEMA = {"title": F("text"), "subtitle": F("text"), "edition": F("text"), "intro": F("md")}
CHAPTER_SCHEMA = {"slug": F("slug"), "title": F("text"), "summary": F("text")}
APPENDIX_SCHEMA = {**CHAPTER_SCHEMA, "gathers": F("enum", False, GATHERS)}
SOURCE_SCHEMA = {"title": F("text"), "url": F("text"), "checked": F("text")}
SECTION_SCHEMA = {
    **CHAPTER_SCHEMA,
    "objectives": F("texts"),
    "key_terms": F("ids", False),
    "sources": F("list", False, item=SOURCE_SCHEMA),
}
CHOICE_SCHEMA = {
    "id": F("id"),
    "text": F("md"),
    "correct": F("bool", False),
    "why": F("md"),
    "misconception": F("id", False),
}
QUESTION_SCHEMA = {
    "id": F("text"),
    "anchor": F("id", False),
    "type": F("enum", choices=("single", "multiple", "true_false")),
    "level": F("enum", choices=("recall", "apply", "analyze")),
    "vendor": F("enum", False, VENDORS),
    "tags": F("ids", False),
    "shuffle": F("bool", False),
    "stem": F("md"),
    "choices": F("list", item=CHOICE_SCHEMA),
    "explanation": F("md"),
}
OPTION_SCHEMA = {
    "id": F("id"),
    "text": F("md"),
    "score": F("int"),
    "feedback": F("md"),
    "section": F("ref"),
    "next": F("id"),
}
STEP_SCHEMA = {
    "id": F("id"),
    "prompt": F("md", False),
    "options": F("list", False, item=OPTION_SCHEMA),
    "outcome": F("enum", False, ("good", "workable", "harmful")),
    "ending": F("md", False),
}
SCENARIO_SCHEMA = {
    "id": F("id"),
    "title": F("text"),
    "vendor": F("enum", False, VENDORS),
    "context": F("md"),
    "start": F("id"),
    "steps": F("list", item=STEP_SCHEMA),
}
WORKBOOK_SCHEMA = {
    "id": F("id"),
    "section": F("ref"),
    "prompt": F("md"),
    "model_answer": F("md"),
    "rubric": F("texts"),
}
TERM_SCHEMA = {
    "slug": F("slug"),
    "term": F("text"),
    "aliases": F("texts", False),
    "definition": F("md"),
    "see": F("ref"),
    "related": F("ids", False),
}
DIAGRAM_SCHEMA = {
    "slug": F("slug"),
    "title": F("text"),
    "file": F("text"),
    "alt": F("text"),
    "sections": F("refs"),
}
PATTERN_SCHEMA = {
    "slug": F("slug"),
    "name": F("text"),
    "kind": F("enum", choices=("pattern", "anti-pattern")),
    "aka": F("texts", False),
    "summary": F("md"),
    "workloads": F("ids"),
    "latency": F("enum", choices=("interactive", "near-real-time", "tolerant")),
    "operational_risk": F("enum", choices=("low", "medium", "high")),
    "use_when": F("texts"),
    "avoid_when": F("texts"),
    "sections": F("refs"),
}
DOMAIN_SCHEMA = {"name": F("text"), "weight": F("int"), "chapters": F("ids")}
EXAM_SCHEMA = {
    "slug": F("slug"),
    "title": F("text"),
    "description": F("md"),
    "question_count": F("int"),
    "minutes": F("int"),
    "pass_percent": F("int"),
    "vendor": F("enum", False, VENDORS),
    "domains": F("list", item=DOMAIN_SCHEMA),
}

ALL_SCHEMAS = {
    "guide.yaml": GUIDE_SCHEMA,
    "chapter.md / appendix.md / sections": {**APPENDIX_SCHEMA, **SECTION_SCHEMA},
    "sources": SOURCE_SCHEMA,
    "questions": QUESTION_SCHEMA,
    "choices": CHOICE_SCHEMA,
    "scenarios": SCENARIO_SCHEMA,
    "steps": STEP_SCHEMA,
    "options": OPTION_SCHEMA,
    "workbook.yaml": WORKBOOK_SCHEMA,
    "glossary.yaml": TERM_SCHEMA,
    "diagrams.yaml": DIAGRAM_SCHEMA,
    "patterns.yaml": PATTERN_SCHEMA,
    "exams": EXAM_SCHEMA,
    "domains": DOMAIN_SCHEMA,
}


# --------------------------------------------------------------------------- parsed data


@dataclass
class Located:
    path: str
    line: int


@dataclass
class ChapterData(Located):
    slug: str
    kind: str
    number: int
    title: str
    summary: str
    intro: str
    gathers: str = ""
    intro_html: str = ""
    body_line: int = 1


@dataclass
class SectionData(Located):
    slug: str
    chapter: str
    number: int
    title: str
    summary: str
    objectives: list[str]
    key_terms: list[tuple[str, int]]
    sources: list[dict]
    body: str
    body_line: int
    headings: list[dict] = field(default_factory=list)
    body_html: str = ""
    word_count: int = 0


@dataclass
class Ref:
    section: str
    anchor: str
    path: str
    line: int

    @classmethod
    def parse(cls, text: str, path: str, line: int) -> Ref:
        section, _, anchor = text.partition("#")
        return cls(section, anchor, path, line)


@dataclass
class ChoiceData:
    key: str
    text: str
    correct: bool
    why: str
    misconception: str
    line: int


@dataclass
class QuestionData(Located):
    key: str
    section: str
    anchor: str
    type: str
    level: str
    vendor: str
    tags: list[str]
    shuffle: bool
    stem: str
    explanation: str
    choices: list[ChoiceData]
    anchor_line: int = 0
    choices_line: int = 0


@dataclass
class OptionData:
    key: str
    text: str
    score: int
    feedback: str
    ref: Ref
    next: str
    line: int


@dataclass
class StepData:
    key: str
    prompt: str
    outcome: str
    ending: str
    options: list[OptionData]
    line: int


@dataclass
class ScenarioData(Located):
    key: str
    chapter: str
    title: str
    vendor: str
    context: str
    start: str
    steps: list[StepData]
    start_line: int = 0


@dataclass
class WorkbookData(Located):
    key: str
    chapter: str
    ref: Ref
    prompt: str
    model_answer: str
    rubric: list[str]


@dataclass
class TermData(Located):
    slug: str
    chapter: str
    term: str
    aliases: list[str]
    definition: str
    ref: Ref
    related: list[tuple[str, int]]


@dataclass
class DiagramData(Located):
    slug: str
    chapter: str
    title: str
    alt: str
    svg: str
    refs: list[Ref]


@dataclass
class PatternData(Located):
    slug: str
    name: str
    kind: str
    aka: list[str]
    summary: str
    workloads: list[str]
    latency: str
    operational_risk: str
    use_when: list[str]
    avoid_when: list[str]
    refs: list[Ref]


@dataclass
class ExamData(Located):
    slug: str
    title: str
    description: str
    question_count: int
    minutes: int
    pass_percent: int
    vendor: str
    domains: list[dict]
    domains_line: int = 0
    numbers: dict[str, int] = field(default_factory=dict)


@dataclass
class ContentTree:
    root: Path
    guide: dict = field(default_factory=dict)
    chapters: list[ChapterData] = field(default_factory=list)
    sections: list[SectionData] = field(default_factory=list)
    questions: list[QuestionData] = field(default_factory=list)
    scenarios: list[ScenarioData] = field(default_factory=list)
    workbook: list[WorkbookData] = field(default_factory=list)
    terms: list[TermData] = field(default_factory=list)
    diagrams: list[DiagramData] = field(default_factory=list)
    patterns: list[PatternData] = field(default_factory=list)
    exams: list[ExamData] = field(default_factory=list)


# --------------------------------------------------------------------------- parsing


class Parser:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.problems = Problems()
        self.tree = ContentTree(root=self.root)

    # -- files

    def rel(self, path: Path) -> str:
        path = path.absolute()
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def read_text(self, path: Path) -> str | None:
        rel = self.rel(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.problems.add(rel, 1, f"cannot read the file: {exc.strerror}")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_line = data[: exc.start].count(b"\n") + 1
            self.problems.add(
                rel,
                1,
                f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {bad_line})",
            )
            return None
        if not text.strip():
            self.problems.add(rel, 1, "the file is empty")
            return None
        return text.lstrip("\ufeff")

    def compose(self, text: str, rel: str, offset: int = 0) -> yaml.Node | None:
        try:
            node = yaml.compose(text, Loader=StrictLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = (mark.line + 1 if mark else 1) + offset
            problem = getattr(exc, "problem", None) or str(exc)
            self.problems.add(rel, line, f"the YAML does not parse: {problem}")
            return None
        if node is None:
            self.problems.add(rel, 1 + offset, "the YAML holds nothing")
        return node

    def yaml_list(self, path: Path, schema: dict[str, F], what: str) -> tuple[str, list[Rec]]:
        rel = self.rel(path)
        text = self.read_text(path)
        if text is None:
            return rel, []
        node = self.compose(text, rel)
        if node is None:
            return rel, []
        reader = Reader(self.problems, rel)
        if not isinstance(node, yaml.SequenceNode):
            reader.error(node, f"the file must hold a list of {what}s")
            return rel, []
        records = [reader.record(item, schema, f"a {what}") for item in node.value]
        return rel, [r for r in records if r is not None]

    def markdown_file(self, path: Path, schema: dict[str, F], what: str):
        """Front matter and body of a Markdown file, or None when it cannot be read."""
        rel = self.rel(path)
        text = self.read_text(path)
        if text is None:
            return None
        lines = text.splitlines()
        if not lines or lines[0].strip() != "---":
            self.problems.add(rel, 1, "the file must start with front matter between --- lines")
            return None
        try:
            end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
        except StopIteration:
            self.problems.add(rel, 1, "the front matter has no closing --- line")
            return None
        front = "\n".join(lines[1:end])
        if not front.strip():
            self.problems.add(rel, 1, "the front matter is empty")
            return None
        node = self.compose(front, rel, offset=1)
        if node is None:
            return None
        reader = Reader(self.problems, rel, line_offset=1)
        if not isinstance(node, yaml.MappingNode):
            reader.error(node, "the front matter must be a mapping of keys to values")
            return None
        record = reader.record(node, schema, f"the {what}'s front matter")
        rest = lines[end + 1 :]
        leading = next((i for i, line in enumerate(rest) if line.strip()), len(rest))
        body = "\n".join(rest[leading:]).rstrip()
        body_line = end + 2 + leading
        return rel, record, body, body_line

    # -- walking the tree

    def parse(self) -> tuple[ContentTree, list[LoadError]]:
        if not self.root.is_dir():
            self.problems.add(str(self.root), 1, "the content folder does not exist")
            return self.tree, self.problems.errors
        self.parse_guide()
        for kind, folder, index in (
            ("chapter", self.root / "chapters", "chapter.md"),
            ("appendix", self.root / "appendices", "appendix.md"),
        ):
            for directory in self.numbered(folder, dirs=True):
                self.parse_chapter(kind, directory, index)
        exams = self.root / "exams"
        if exams.is_dir():
            for path in sorted(exams.glob("*.yaml")):
                self.parse_exam(path)
        self.validate()
        if not self.problems.errors:
            self.render()
        errors = sorted(self.problems.errors, key=lambda e: (e.path, e.line))
        return self.tree, errors

    def numbered(self, folder: Path, *, dirs: bool) -> list[Path]:
        if not folder.is_dir():
            return []
        out = []
        for entry in sorted(folder.iterdir()):
            if entry.is_dir() != dirs or entry.name.startswith("."):
                continue
            if dirs and not NUMBERED.match(entry.name):
                self.problems.add(
                    self.rel(entry), 1, "folder names must be NN-kebab-case (e.g. 01-fundamentals)"
                )
                continue
            out.append(entry)
        return out

    def parse_guide(self) -> None:
        path = self.root / "guide.yaml"
        rel = self.rel(path)
        if not path.exists():
            self.problems.add(rel, 1, "guide.yaml is missing")
            return
        text = self.read_text(path)
        node = self.compose(text, rel) if text is not None else None
        if node is not None:
            record = Reader(self.problems, rel).record(node, GUIDE_SCHEMA, "guide.yaml")
            if record:
                self.tree.guide = dict(record.values)

    def parse_chapter(self, kind: str, directory: Path, index: str) -> None:
        number = int(directory.name[:2])
        path = directory / index
        if not path.exists():
            self.problems.add(self.rel(path), 1, f"{index} is missing")
            return
        schema = CHAPTER_SCHEMA if kind == "chapter" else APPENDIX_SCHEMA
        parsed = self.markdown_file(path, schema, kind)
        if parsed is None or parsed[1] is None:
            return
        rel, record, body, body_line = parsed
        if not all(record[k] for k in ("slug", "title", "summary")):
            return
        chapter = ChapterData(
            path=rel,
            line=record.at("slug"),
            slug=record["slug"],
            kind=kind,
            number=number,
            title=record["title"],
            summary=record["summary"],
            intro=body,
            gathers=record["gathers"] or "",
            body_line=body_line,
        )
        self.tree.chapters.append(chapter)
        self.check_body_headings(rel, body, body_line, require_ids=False)
        if kind == "appendix":
            if (directory / "patterns.yaml").exists():
                self.parse_patterns(directory / "patterns.yaml")
            return
        sections_here: dict[str, SectionData] = {}
        for entry in sorted(directory.iterdir()):
            name = entry.name
            if entry.is_dir() or name == index or name.startswith("."):
                continue
            if name.endswith(".questions.yaml"):
                continue
            if name.endswith(".md"):
                if not NUMBERED.match(name[:-3]):
                    self.problems.add(self.rel(entry), 1, "section files are NN-kebab-case.md")
                    continue
                section = self.parse_section(chapter, entry)
                if section:
                    sections_here[name[:-3]] = section
            elif name not in ("scenarios.yaml", "workbook.yaml", "glossary.yaml", "diagrams.yaml"):
                self.problems.add(self.rel(entry), 1, f'unexpected file "{name}" in a chapter')
        for entry in sorted(directory.glob("*.questions.yaml")):
            stem = entry.name[: -len(".questions.yaml")]
            if stem not in sections_here:
                self.problems.add(
                    self.rel(entry),
                    1,
                    f'no section file "{stem}.md" beside this questions file'
                    f"{nearest(stem, sections_here)}",
                )
                continue
            self.parse_questions(sections_here[stem], entry)
        for name, method in (
            ("scenarios.yaml", self.parse_scenarios),
            ("workbook.yaml", self.parse_workbook),
            ("glossary.yaml", self.parse_glossary),
            ("diagrams.yaml", self.parse_diagrams),
        ):
            if (directory / name).exists():
                method(chapter, directory / name)

    def check_body_headings(self, rel: str, body: str, body_line: int, *, require_ids: bool):
        headings, seen = [], {}
        for offset, level, title, anchor in rendering.headings_in(body):
            line = body_line + offset - 1
            if anchor is None:
                if level == 2 and require_ids:
                    self.problems.add(rel, line, f'the heading "{title}" needs an id: {{#some-id}}')
                continue
            if not rendering.ANCHOR_ID.match(anchor):
                self.problems.add(rel, line, f'heading id "{anchor}" must be [a-z0-9-]')
                continue
            if anchor in seen:
                self.problems.add(
                    rel, line, f'duplicate heading id "{anchor}" (first at {rel}:{seen[anchor]})'
                )
                continue
            seen[anchor] = line
            headings.append({"id": anchor, "title": title, "level": level})
        return headings

    def parse_section(self, chapter: ChapterData, path: Path) -> SectionData | None:
        parsed = self.markdown_file(path, SECTION_SCHEMA, "section")
        if parsed is None or parsed[1] is None:
            return None
        rel, record, body, body_line = parsed
        if not all(record[k] for k in ("slug", "title", "summary", "objectives")):
            return None
        section = SectionData(
            path=rel,
            line=record.at("slug"),
            slug=record["slug"],
            chapter=chapter.slug,
            number=int(path.name[:2]),
            title=record["title"],
            summary=record["summary"],
            objectives=[text for text, _ in record["objectives"]],
            key_terms=record["key_terms"] or [],
            sources=[self.source(rel, s) for s in record["sources"] or []],
            body=body,
            body_line=body_line,
        )
        section.headings = self.check_body_headings(rel, body, body_line, require_ids=True)
        self.tree.sections.append(section)
        return section

    def source(self, rel: str, record: Rec) -> dict:
        if record["url"] and not record["url"].startswith("https://"):
            self.problems.add(rel, record.at("url"), "a source url must start with https://")
        return dict(record.values)

    def parse_questions(self, section: SectionData, path: Path) -> None:
        rel, records = self.yaml_list(path, QUESTION_SCHEMA, "question")
        for rec in records:
            if any(rec[k] is None for k in ("id", "type", "level", "stem", "explanation")):
                continue
            choices = [
                ChoiceData(
                    key=c["id"],
                    text=c["text"],
                    correct=bool(c["correct"]),
                    why=c["why"],
                    misconception=c["misconception"] or "",
                    line=c.at("id"),
                )
                for c in rec["choices"] or []
                if c["id"] and c["text"] and c["why"]
            ]
            self.tree.questions.append(
                QuestionData(
                    path=rel,
                    line=rec.at("id"),
                    key=rec["id"],
                    section=section.slug,
                    anchor=rec["anchor"] or "",
                    type=rec["type"],
                    level=rec["level"],
                    vendor=rec["vendor"] or "neutral",
                    tags=[t for t, _ in rec["tags"] or []],
                    shuffle=rec["shuffle"] if rec["shuffle"] is not None else True,
                    stem=rec["stem"],
                    explanation=rec["explanation"],
                    choices=choices,
                    anchor_line=rec.at("anchor"),
                    choices_line=rec.at("choices"),
                )
            )

    def parse_scenarios(self, chapter: ChapterData, path: Path) -> None:
        rel, records = self.yaml_list(path, SCENARIO_SCHEMA, "scenario")
        for rec in records:
            if any(rec[k] is None for k in ("id", "title", "context", "start", "steps")):
                continue
            steps = []
            for s in rec["steps"]:
                if not s["id"]:
                    continue
                options = [
                    OptionData(
                        key=o["id"],
                        text=o["text"],
                        score=o["score"],
                        feedback=o["feedback"],
                        ref=Ref.parse(o["section"], rel, o.at("section")),
                        next=o["next"],
                        line=o.at("id"),
                    )
                    for o in s["options"] or []
                    if all(o[k] is not None for k in OPTION_SCHEMA)
                ]
                step = StepData(
                    key=s["id"],
                    prompt=s["prompt"] or "",
                    outcome=s["outcome"] or "",
                    ending=s["ending"] or "",
                    options=options,
                    line=s.at("id"),
                )
                if s["options"] is not None and (s["outcome"] or s["ending"]):
                    self.problems.add(
                        rel, s.at("id"), "a step has options or is an ending, not both"
                    )
                elif s["options"] is None and not s["outcome"]:
                    self.problems.add(rel, s.at("id"), f'the ending "{s["id"]}" has no outcome')
                elif s["options"] is None and not s["ending"]:
                    self.problems.add(rel, s.at("id"), f'the ending "{s["id"]}" has no ending text')
                elif s["options"] is not None and not s["prompt"]:
                    self.problems.add(rel, s.at("id"), f'the step "{s["id"]}" has no prompt')
                elif s["options"] is not None and not options:
                    self.problems.add(rel, s.at("id"), f'the step "{s["id"]}" has no options')
                steps.append(step)
            scenario = ScenarioData(
                path=rel,
                line=rec.at("id"),
                key=rec["id"],
                chapter=chapter.slug,
                title=rec["title"],
                vendor=rec["vendor"] or "neutral",
                context=rec["context"],
                start=rec["start"],
                steps=steps,
                start_line=rec.at("start"),
            )
            self.tree.scenarios.append(scenario)

    def parse_workbook(self, chapter: ChapterData, path: Path) -> None:
        rel, records = self.yaml_list(path, WORKBOOK_SCHEMA, "workbook prompt")
        for rec in records:
            if any(rec[k] is None for k in WORKBOOK_SCHEMA):
                continue
            if not 3 <= len(rec["rubric"]) <= 6:
                self.problems.add(rel, rec.at("rubric"), "a rubric has three to six points")
            self.tree.workbook.append(
                WorkbookData(
                    path=rel,
                    line=rec.at("id"),
                    key=rec["id"],
                    chapter=chapter.slug,
                    ref=Ref.parse(rec["section"], rel, rec.at("section")),
                    prompt=rec["prompt"],
                    model_answer=rec["model_answer"],
                    rubric=[t for t, _ in rec["rubric"]],
                )
            )

    def parse_glossary(self, chapter: ChapterData, path: Path) -> None:
        rel, records = self.yaml_list(path, TERM_SCHEMA, "glossary term")
        for rec in records:
            if any(rec[k] is None for k in ("slug", "term", "definition", "see")):
                continue
            self.tree.terms.append(
                TermData(
                    path=rel,
                    line=rec.at("slug"),
                    slug=rec["slug"],
                    chapter=chapter.slug,
                    term=rec["term"],
                    aliases=[t for t, _ in rec["aliases"] or []],
                    definition=rec["definition"],
                    ref=Ref.parse(rec["see"], rel, rec.at("see")),
                    related=rec["related"] or [],
                )
            )

    def parse_diagrams(self, chapter: ChapterData, path: Path) -> None:
        rel, records = self.yaml_list(path, DIAGRAM_SCHEMA, "diagram")
        for rec in records:
            if any(rec[k] is None for k in DIAGRAM_SCHEMA):
                continue
            svg_path = path.parent / rec["file"]
            if not rec["file"].endswith(".svg") or not svg_path.is_file():
                self.problems.add(rel, rec.at("file"), f'no SVG file at "{rec["file"]}"')
                continue
            text = self.read_text(svg_path)
            if text is None:
                continue
            try:
                svg = rendering.sanitise_svg(text, id_prefix=f"{rec['slug']}-")
            except rendering.SvgError as exc:
                self.problems.add(self.rel(svg_path), 1, str(exc))
                continue
            self.tree.diagrams.append(
                DiagramData(
                    path=rel,
                    line=rec.at("slug"),
                    slug=rec["slug"],
                    chapter=chapter.slug,
                    title=rec["title"],
                    alt=rec["alt"],
                    svg=svg,
                    refs=[Ref.parse(t, rel, line) for t, line in rec["sections"]],
                )
            )

    def parse_patterns(self, path: Path) -> None:
        from .models import Pattern

        rel, records = self.yaml_list(path, PATTERN_SCHEMA, "pattern")
        for rec in records:
            if any(rec[k] is None for k, spec in PATTERN_SCHEMA.items() if spec.required):
                continue
            for workload, line in rec["workloads"]:
                if workload not in Pattern.WORKLOADS:
                    self.problems.add(
                        rel,
                        line,
                        f'unknown workload "{workload}"{nearest(workload, Pattern.WORKLOADS)}; '
                        f"the matrix's workloads are: {', '.join(Pattern.WORKLOADS)}",
                    )
            self.tree.patterns.append(
                PatternData(
                    path=rel,
                    line=rec.at("slug"),
                    slug=rec["slug"],
                    name=rec["name"],
                    kind=rec["kind"],
                    aka=[t for t, _ in rec["aka"] or []],
                    summary=rec["summary"],
                    workloads=[t for t, _ in rec["workloads"]],
                    latency=rec["latency"],
                    operational_risk=rec["operational_risk"],
                    use_when=[t for t, _ in rec["use_when"]],
                    avoid_when=[t for t, _ in rec["avoid_when"]],
                    refs=[Ref.parse(t, rel, line) for t, line in rec["sections"]],
                )
            )

    def parse_exam(self, path: Path) -> None:
        rel = self.rel(path)
        text = self.read_text(path)
        node = self.compose(text, rel) if text is not None else None
        if node is None:
            return
        rec = Reader(self.problems, rel).record(node, EXAM_SCHEMA, "exam blueprint")
        if rec is None or any(rec[k] is None for k, spec in EXAM_SCHEMA.items() if spec.required):
            return
        domains = [
            {"name": d["name"], "weight": d["weight"], "chapters": d["chapters"], "line": d.line}
            for d in rec["domains"]
            if all(d[k] is not None for k in DOMAIN_SCHEMA)
        ]
        exam = ExamData(
            path=rel,
            line=rec.at("slug"),
            slug=rec["slug"],
            title=rec["title"],
            description=rec["description"],
            question_count=rec["question_count"],
            minutes=rec["minutes"],
            pass_percent=rec["pass_percent"],
            vendor=rec["vendor"] or "neutral",
            domains=domains,
            domains_line=rec.at("domains"),
            numbers={k: rec.at(k) for k in ("question_count", "minutes", "pass_percent")},
        )
        self.tree.exams.append(exam)

    # -- cross-file validation

    def unique(self, items, key: str, what: str) -> dict:
        first: dict[str, Any] = {}
        for item in items:
            value = getattr(item, key)
            if value in first:
                prior = first[value]
                self.problems.add(
                    item.path,
                    item.line,
                    f'duplicate {what} "{value}" (first at {prior.path}:{prior.line})',
                )
                continue
            first[value] = item
        return first

    def check_ref(self, ref: Ref, sections: dict[str, SectionData]) -> None:
        section = sections.get(ref.section)
        if section is None:
            self.problems.add(
                ref.path,
                ref.line,
                f'no section "{ref.section}"{nearest(ref.section, sections)}',
            )
            return
        if ref.anchor:
            anchors = [h["id"] for h in section.headings]
            if ref.anchor not in anchors:
                self.problems.add(
                    ref.path,
                    ref.line,
                    f'no heading "#{ref.anchor}" in section "{ref.section}"'
                    f"{nearest(ref.anchor, anchors)}",
                )

    def validate(self) -> None:
        tree, add = self.tree, self.problems.add
        by_slug = self.unique([*tree.chapters, *tree.sections], "slug", "slug")
        sections = {s.slug: s for s in tree.sections if by_slug.get(s.slug) is s}
        chapters = {c.slug: c for c in tree.chapters if by_slug.get(c.slug) is c}
        terms = self.unique(tree.terms, "slug", "glossary slug")
        diagrams = self.unique(tree.diagrams, "slug", "diagram slug")
        self.unique(tree.patterns, "slug", "pattern slug")
        self.unique(tree.exams, "slug", "exam slug")
        self.unique(tree.questions, "key", "question id")
        self.unique(tree.scenarios, "key", "scenario id")
        self.unique(tree.workbook, "key", "workbook id")

        gatherers: dict[str, ChapterData] = {}
        for chapter in tree.chapters:
            if chapter.gathers and chapter.gathers in gatherers:
                add(chapter.path, 1, f'another appendix already gathers "{chapter.gathers}"')
            gatherers[chapter.gathers] = chapter

        for item in [*tree.chapters, *tree.sections]:
            lines = item.intro if isinstance(item, ChapterData) else item.body
            for offset, text in enumerate(lines.splitlines()):
                for kind, slug in rendering.references_in(text):
                    if kind == "section":
                        self.check_ref(
                            Ref.parse(slug, item.path, item.body_line + offset), sections
                        )
                        continue
                    known = terms if kind == "term" else diagrams
                    if slug not in known:
                        add(
                            item.path,
                            item.body_line + offset,
                            f'no {"glossary term" if kind == "term" else "diagram"} "{slug}"'
                            f"{nearest(slug, known)}",
                        )

        for section in tree.sections:
            for slug, line in section.key_terms:
                if slug not in terms:
                    add(section.path, line, f'no glossary term "{slug}"{nearest(slug, terms)}')

        for q in tree.questions:
            self.validate_question(q, sections)
        for scenario in tree.scenarios:
            self.validate_scenario(scenario, sections)
        for item in tree.workbook:
            self.check_ref(item.ref, sections)
        for term in tree.terms:
            self.check_ref(term.ref, sections)
            for slug, line in term.related:
                if slug not in terms:
                    add(term.path, line, f'no glossary term "{slug}"{nearest(slug, terms)}')
        for diagram in tree.diagrams:
            for ref in diagram.refs:
                self.check_ref(ref, sections)
        for pattern in tree.patterns:
            for ref in pattern.refs:
                self.check_ref(ref, sections)
        for exam in tree.exams:
            self.validate_exam(exam, chapters)

    def validate_question(self, q: QuestionData, sections: dict[str, SectionData]) -> None:
        add = self.problems.add
        if not QUESTION_ID_RE.match(q.key):
            add(q.path, q.line, f'question id "{q.key}" must look like prefix-NNN')
        if q.anchor:
            anchors = [h["id"] for h in sections[q.section].headings]
            if q.anchor not in anchors:
                add(
                    q.path,
                    q.anchor_line,
                    f'no heading "#{q.anchor}" in section "{q.section}"{nearest(q.anchor, anchors)}',
                )
        keys: dict[str, int] = {}
        for choice in q.choices:
            if choice.key in keys:
                add(
                    q.path,
                    choice.line,
                    f'duplicate choice id "{choice.key}" (first at {q.path}:{keys[choice.key]})',
                )
            keys.setdefault(choice.key, choice.line)
            if choice.correct and choice.misconception:
                add(q.path, choice.line, "a correct choice cannot name a misconception")
        correct = sum(c.correct for c in q.choices)
        n = len(q.choices)
        where = q.choices_line
        if q.type == "single":
            if not 3 <= n <= 5:
                add(q.path, where, f"a single-answer question has 3 to 5 choices, not {n}")
            if correct != 1:
                add(
                    q.path,
                    where,
                    f"a single-answer question has exactly one correct choice, not {correct}",
                )
        elif q.type == "multiple":
            if not 4 <= n <= 6:
                add(q.path, where, f"a multiple-answer question has 4 to 6 choices, not {n}")
            if correct not in (2, 3):
                add(
                    q.path,
                    where,
                    f"a multiple-answer question has 2 or 3 correct choices, not {correct}",
                )
        else:
            expected = [("true", "True"), ("false", "False")]
            actual = [(c.key, c.text.strip()) for c in q.choices]
            if actual != expected:
                add(
                    q.path,
                    where,
                    'a true/false question has the choices "true" (True) then "false" (False)',
                )
            elif correct != 1:
                add(q.path, where, "a true/false question has exactly one correct choice")

    def validate_scenario(self, s: ScenarioData, sections: dict[str, SectionData]) -> None:
        add = self.problems.add
        steps: dict[str, StepData] = {}
        for step in s.steps:
            if step.key in steps:
                add(
                    s.path,
                    step.line,
                    f'duplicate step id "{step.key}" (first at {s.path}:{steps[step.key].line})',
                )
                continue
            steps[step.key] = step
        if s.start not in steps:
            add(
                s.path,
                s.start_line,
                f'the start step "{s.start}" does not exist{nearest(s.start, steps)}',
            )
            return
        for step in steps.values():
            for option in step.options:
                self.check_ref(option.ref, sections)
                if option.next not in steps:
                    add(
                        s.path,
                        option.line,
                        f'option "{option.key}" leads to no step "{option.next}"{nearest(option.next, steps)}',
                    )
                if option.score not in (0, 1, 2):
                    add(s.path, option.line, "an option's score is 0, 1 or 2")
        # Depth-first walk: cycles, unreachable steps, dead ends, path lengths.
        reached: set[str] = set()
        state: dict[str, str] = {}
        lengths: dict[str, tuple[int, int]] = {}

        def walk(key: str) -> tuple[int, int] | None:
            if state.get(key) == "open":
                add(s.path, steps[key].line, f'the step "{key}" is part of a cycle')
                return None
            if state.get(key) == "done":
                return lengths.get(key)
            state[key] = "open"
            reached.add(key)
            step = steps[key]
            if not step.options:
                result = (0, 0)
            else:
                spans = [walk(o.next) for o in step.options if o.next in steps]
                spans = [sp for sp in spans if sp is not None]
                result = (
                    (1 + min(a for a, _ in spans), 1 + max(b for _, b in spans)) if spans else None
                )
            state[key] = "done"
            if result is not None:
                lengths[key] = result
            return result

        span = walk(s.start)
        for key, step in steps.items():
            if key not in reached:
                add(s.path, step.line, f'no path from the start reaches the step "{key}"')
        if span is not None and (span[0] < MIN_DECISIONS or span[1] > MAX_DECISIONS):
            add(
                s.path,
                steps[s.start].line,
                f"every path passes {MIN_DECISIONS} to {MAX_DECISIONS} decisions; "
                f"here paths pass {span[0]} to {span[1]}",
            )

    def validate_exam(self, exam: ExamData, chapters: dict[str, ChapterData]) -> None:
        add = self.problems.add
        for key in ("question_count", "minutes"):
            if getattr(exam, key) <= 0:
                add(exam.path, exam.numbers[key], f"{key} must be above zero")
        if not 1 <= exam.pass_percent <= 100:
            add(exam.path, exam.numbers["pass_percent"], "pass_percent is between 1 and 100")
        total = sum(d["weight"] for d in exam.domains)
        if total != 100:
            add(exam.path, exam.domains_line, f"domain weights sum to {total}, not 100")
            return
        if self.problems.errors:
            return  # counting questions while other files are broken only adds noise
        counts = domain_counts([d["weight"] for d in exam.domains], exam.question_count)
        vendors = {"neutral", exam.vendor}
        section_chapters = {s.slug: s.chapter for s in self.tree.sections}
        for domain, count in zip(exam.domains, counts, strict=True):
            domain["count"] = count
            wanted = set()
            for slug, line in domain["chapters"]:
                if slug not in chapters:
                    add(exam.path, line, f'no chapter "{slug}"{nearest(slug, chapters)}')
                wanted.add(slug)
            available = sum(
                1
                for q in self.tree.questions
                if section_chapters.get(q.section) in wanted and q.vendor in vendors
            )
            if available < count:
                add(
                    exam.path,
                    domain["line"],
                    f'the domain "{domain["name"]}" needs {count} questions but its chapters '
                    f"hold {available}",
                )

    # -- rendering (only when everything is valid)

    def render(self) -> None:
        tree = self.tree
        diagrams = {d.slug: d for d in tree.diagrams}

        def figure(slug: str) -> str:
            d = diagrams[slug]
            return rendering.diagram_figure(slug=d.slug, title=d.title, alt=d.alt, svg=d.svg)

        chapter_of = {s.slug: s.chapter for s in tree.sections}

        def section_url(slug: str, anchor: str) -> str:
            url = reverse("section", args=[chapter_of[slug], slug])
            return f"{url}#{anchor}" if anchor else url

        def md(text: str) -> str:
            return rendering.markdown_to_html(text, diagram_html=figure, section_url=section_url)

        tree.guide["intro_html"] = md(tree.guide["intro"]) if tree.guide else ""
        for chapter in tree.chapters:
            chapter.intro_html = md(chapter.intro) if chapter.intro.strip() else ""
        for section in tree.sections:
            section.body_html = md(section.body) if section.body.strip() else ""
            section.word_count = rendering.prose_word_count(section.body_html)


def domain_counts(weights: list[int], total: int) -> list[int]:
    """Split `total` by percentage weights with the largest-remainder method."""
    exact = [w * total / 100 for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def parse_content(root: Path) -> tuple[ContentTree, list[LoadError]]:
    """Read and validate every file under `root`. Pure: touches no database."""
    return Parser(Path(root)).parse()


# --------------------------------------------------------------------------- sync


@dataclass
class SyncReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    retired: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return (
            any(self.created.values()) or any(self.updated.values()) or any(self.retired.values())
        )

    def lines(self) -> list[str]:
        out = []
        for name in self.unchanged:
            parts = [
                f"{self.created[name]} new" if self.created[name] else "",
                f"{self.updated[name]} updated" if self.updated[name] else "",
                f"{self.retired[name]} retired" if self.retired[name] else "",
                f"{self.unchanged[name]} unchanged" if self.unchanged[name] else "",
            ]
            out.append(f"  {name}: " + (", ".join(p for p in parts if p) or "none"))
        return out


def sync_rows(model, rows: list[dict], key_fields: tuple[str, ...], report: SyncReport) -> dict:
    """Create, update and retire rows of `model` so that the live ones are exactly `rows`.

    Returns {natural key: pk}. Writes only what differs, so an unchanged load writes nothing.
    """
    name = model._meta.verbose_name_plural
    existing = {tuple(getattr(o, f) for f in key_fields): o for o in model.objects.all()}
    to_create, to_update, changed_fields = [], [], set()
    seen = set()
    for row in rows:
        key = tuple(row[f] for f in key_fields)
        seen.add(key)
        row = {**row, "retired": False}
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**row))
            continue
        diff = [f for f, v in row.items() if getattr(obj, f) != v]
        if diff:
            for f in diff:
                setattr(obj, f, row[f])
            changed_fields.update(diff)
            to_update.append(obj)
    to_retire = [o.pk for k, o in existing.items() if k not in seen and not o.retired]
    if to_create:
        model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)
    if to_retire:
        model.objects.filter(pk__in=to_retire).update(retired=True)
    report.created[name] = len(to_create)
    report.updated[name] = len(to_update)
    report.retired[name] = len(to_retire)
    report.unchanged[name] = len(rows) - len(to_create) - len(to_update)
    ids = {k: o.pk for k, o in existing.items()}
    ids.update({tuple(getattr(o, f) for f in key_fields): o.pk for o in to_create})
    return ids


def store_question_cards(question_rows, choice_rows, question_ids) -> None:
    """Copy each section's live questions, with their choices, onto the section row: the section
    page and the quiz then read one row instead of joining three tables on every view. Derived
    from rows already counted in the report, so it writes only when they changed."""
    cards: dict[int, list[dict]] = {}
    for q in question_rows:
        cards.setdefault(q["section_id"], []).append(
            {
                "id": question_ids[(q["key"],)],
                "key": q["key"],
                "type": q["type"],
                "anchor": q["anchor"],
                "shuffle": q["shuffle"],
                "stem": q["stem_html"],
                "explanation": q["explanation_html"],
                "choices": [
                    {"key": c["key"], "text": c["text_html"], "correct": c["correct"],
                     "why": c["why_html"]}
                    for c in choice_rows[q["key"]]
                ],
            }
        )  # fmt: skip
    from .models import Section

    changed = []
    for section in Section.objects.only("id", "question_cards"):
        wanted = cards.get(section.pk, [])
        if section.question_cards != wanted:
            section.question_cards = wanted
            changed.append(section)
    if changed:
        Section.objects.bulk_update(changed, ["question_cards"], batch_size=200)


def reading_order(tree: ContentTree) -> dict[tuple[str, str], dict]:
    """Each page's previous and next page, stored on its row so a page needs no query for its
    pager: {(chapter slug, section slug or ""): {"previous": stop, "next": stop}}, where a stop
    is {"chapter", "section", "label"} or None."""
    stops: list[dict] = []
    numbers = {c.slug: c.number for c in tree.chapters}
    by_chapter: dict[str, list] = {}
    for s in tree.sections:
        by_chapter.setdefault(s.chapter, []).append(s)
    for c in tree.chapters:
        stops.append({"chapter": c.slug, "section": "", "label": f"{c.number}. {c.title}"})
        for s in by_chapter.get(c.slug, []):
            label = f"{numbers[c.slug]}.{s.number} {s.title}"
            stops.append({"chapter": c.slug, "section": s.slug, "label": label})
    return {
        (stop["chapter"], stop["section"]): {
            "previous": stops[i - 1] if i > 0 else None,
            "next": stops[i + 1] if i + 1 < len(stops) else None,
        }
        for i, stop in enumerate(stops)
    }


@transaction.atomic
def stamp_section_revisions() -> None:
    """Give each section a fingerprint of its row and its chapter's row, taken after every other
    write so it covers all the loader stored. Section pages keep the section and its rendered
    article per process under this key, so a reload that changes either row changes the key,
    and no process serves content from before it."""
    from .models import Section

    def values(row) -> dict:
        return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}

    changed = []
    for section in Section.objects.select_related("chapter"):
        shown = {**values(section), "revision": "", "chapter": values(section.chapter)}
        digest = hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode())
        if section.revision != digest.hexdigest()[:16]:
            section.revision = digest.hexdigest()[:16]
            changed.append(section)
    if changed:
        Section.objects.bulk_update(changed, ["revision"], batch_size=200)


def sync_content(tree: ContentTree) -> SyncReport:
    """Write a validated tree to the database in one transaction."""
    from .models import (
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

    report = SyncReport()
    guide = tree.guide
    guide_row = {
        "title": guide["title"],
        "subtitle": guide["subtitle"],
        "edition": guide["edition"],
        "intro_html": guide["intro_html"],
    }
    current = GuideInfo.objects.filter(pk=1).first()
    if current is None:
        GuideInfo.objects.create(pk=1, **guide_row)
    elif any(getattr(current, k) != v for k, v in guide_row.items()):
        GuideInfo.objects.filter(pk=1).update(**guide_row)
        report.updated["guide"] = 1
    report.created.setdefault("guide", int(current is None))
    report.updated.setdefault("guide", 0)
    report.retired["guide"] = 0
    report.unchanged["guide"] = int(current is not None and not report.updated["guide"])

    pager = reading_order(tree)
    chapter_ids = sync_rows(
        Chapter,
        [
            {
                "neighbours": pager[(c.slug, "")],
                "slug": c.slug,
                "kind": c.kind,
                "number": c.number,
                "title": c.title,
                "summary": c.summary,
                "intro_html": c.intro_html,
                "gathers": c.gathers,
                "source_path": c.path,
                "position": i,
            }
            for i, c in enumerate(tree.chapters)
        ],
        ("slug",),
        report,
    )
    md = rendering.markdown_to_html
    definitions = {t.slug: md(t.definition) for t in tree.terms}
    term_cards = {  # copied into each section, so its page needs no query for its key terms
        t.slug: {
            "slug": t.slug,
            "term": t.term,
            "definition": rendering.plain_text(definitions[t.slug]),
        }
        for t in tree.terms
    }
    section_ids = sync_rows(
        Section,
        [
            {
                "neighbours": pager[(s.chapter, s.slug)],
                "slug": s.slug,
                "chapter_id": chapter_ids[(s.chapter,)],
                "number": s.number,
                "title": s.title,
                "summary": s.summary,
                "objectives": s.objectives,
                "key_terms": [term_cards[slug] for slug, _ in s.key_terms],
                "sources": s.sources,
                "headings": s.headings,
                "body_html": s.body_html,
                "word_count": s.word_count,
                "source_path": s.path,
                "position": i,
            }
            for i, s in enumerate(tree.sections)
        ],
        ("slug",),
        report,
    )

    def link(ref: Ref) -> dict:
        return {"target_section_id": section_ids[(ref.section,)], "target_anchor": ref.anchor}

    sync_rows(
        Term,
        [
            {
                "slug": t.slug,
                "chapter_id": chapter_ids[(t.chapter,)],
                "term": t.term,
                "aliases": t.aliases,
                "definition_html": definitions[t.slug],
                "definition_text": rendering.plain_text(definitions[t.slug]),
                "related": [slug for slug, _ in t.related],
                "position": i,
                **link(t.ref),
            }
            for i, t in enumerate(tree.terms)
        ],
        ("slug",),
        report,
    )
    section_meta = {
        s.slug: (s.chapter, s.title, {h["id"]: h["title"] for h in s.headings})
        for s in tree.sections
    }

    def ref_json(ref: Ref) -> dict:
        chapter, title, headings = section_meta[ref.section]
        return {
            "section": ref.section,
            "chapter": chapter,
            "anchor": ref.anchor,
            "title": title,
            "heading": headings.get(ref.anchor, ""),
        }

    sync_rows(
        Diagram,
        [
            {
                "slug": d.slug,
                "chapter_id": chapter_ids[(d.chapter,)],
                "title": d.title,
                "alt": d.alt,
                "svg": d.svg,
                "sections": [ref_json(r) for r in d.refs],
                "position": i,
            }
            for i, d in enumerate(tree.diagrams)
        ],
        ("slug",),
        report,
    )
    question_rows = [
        {
            "key": q.key,
            "section_id": section_ids[(q.section,)],
            "anchor": q.anchor,
            "type": q.type,
            "level": q.level,
            "vendor": q.vendor,
            "tags": q.tags,
            "shuffle": q.shuffle,
            "stem_html": md(q.stem),
            "explanation_html": md(q.explanation),
            "position": i,
        }
        for i, q in enumerate(tree.questions)
    ]
    question_ids = sync_rows(Question, question_rows, ("key",), report)
    choice_rows = {
        q.key: [
            {
                "question_id": question_ids[(q.key,)],
                "key": c.key,
                "text_html": rendering.inline_markdown(c.text),
                "correct": c.correct,
                "why_html": md(c.why),
                "misconception": c.misconception,
                "position": j,
            }
            for j, c in enumerate(q.choices)
        ]
        for q in tree.questions
    }
    sync_rows(
        Choice,
        [row for rows in choice_rows.values() for row in rows],
        ("question_id", "key"),
        report,
    )
    store_question_cards(question_rows, choice_rows, question_ids)
    scenario_ids = sync_rows(
        Scenario,
        [
            {
                "key": s.key,
                "chapter_id": chapter_ids[(s.chapter,)],
                "title": s.title,
                "vendor": s.vendor,
                "context_html": md(s.context),
                "start_key": s.start,
                "position": i,
            }
            for i, s in enumerate(tree.scenarios)
        ],
        ("key",),
        report,
    )
    step_ids = sync_rows(
        Step,
        [
            {
                "scenario_id": scenario_ids[(s.key,)],
                "key": st.key,
                "prompt_html": md(st.prompt) if st.prompt else "",
                "outcome": st.outcome,
                "ending_html": md(st.ending) if st.ending else "",
                "position": j,
            }
            for s in tree.scenarios
            for j, st in enumerate(s.steps)
        ],
        ("scenario_id", "key"),
        report,
    )
    sync_rows(
        Option,
        [
            {
                "step_id": step_ids[(scenario_ids[(s.key,)], st.key)],
                "key": o.key,
                "text": rendering.inline_markdown(o.text),
                "score": o.score,
                "feedback_html": md(o.feedback),
                "next_key": o.next,
                "position": k,
                **link(o.ref),
            }
            for s in tree.scenarios
            for st in s.steps
            for k, o in enumerate(st.options)
        ],
        ("step_id", "key"),
        report,
    )
    sync_rows(
        WorkbookPrompt,
        [
            {
                "key": w.key,
                "chapter_id": chapter_ids[(w.chapter,)],
                "prompt_html": md(w.prompt),
                "model_answer_html": md(w.model_answer),
                "rubric": w.rubric,
                "position": i,
                **link(w.ref),
            }
            for i, w in enumerate(tree.workbook)
        ],
        ("key",),
        report,
    )
    sync_rows(
        Pattern,
        [
            {
                "slug": p.slug,
                "name": p.name,
                "kind": p.kind,
                "aka": p.aka,
                "summary_html": md(p.summary),
                "workloads": p.workloads,
                "latency": p.latency,
                "operational_risk": p.operational_risk,
                "use_when": p.use_when,
                "avoid_when": p.avoid_when,
                "sections": [ref_json(r) for r in p.refs],
                "position": i,
            }
            for i, p in enumerate(tree.patterns)
        ],
        ("slug",),
        report,
    )
    sync_rows(
        ExamBlueprint,
        [
            {
                "slug": e.slug,
                "title": e.title,
                "description_html": md(e.description),
                "question_count": e.question_count,
                "minutes": e.minutes,
                "pass_percent": e.pass_percent,
                "vendor": e.vendor,
                "domains": [
                    {
                        "name": d["name"],
                        "weight": d["weight"],
                        "count": d["count"],
                        "chapters": [slug for slug, _ in d["chapters"]],
                    }
                    for d in e.domains
                ],
                "position": i,
            }
            for i, e in enumerate(tree.exams)
        ],
        ("slug",),
        report,
    )
    stamp_section_revisions()
    return report
