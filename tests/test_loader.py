"""The loader's four promises, and its error messages for malformed files."""

import io
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from studyguide import loader, models

CONTENT_MODELS = [
    models.GuideInfo,
    models.Chapter,
    models.Section,
    models.Question,
    models.Choice,
    models.Scenario,
    models.Step,
    models.Option,
    models.WorkbookPrompt,
    models.Term,
    models.Diagram,
    models.Pattern,
    models.ExamBlueprint,
]


def dump() -> dict:
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in CONTENT_MODELS}


def load(path: Path) -> str:
    out = io.StringIO()
    call_command("load_content", path=path, stdout=out, stderr=out)
    return out.getvalue()


def failing_load(path: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_content", path=path, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]


# --------------------------------------------------------------------------- promise 1 and 2

B = "chapters/01-basics"
Q = f"{B}/01-what-it-is.questions.yaml"
S = f"{B}/scenarios.yaml"


def m_broken_yaml(root):
    edit(root / Q, "  anchor: scaling\n", "  anchor: [scaling\n")
    return Q, 26, "the YAML does not parse"


def m_missing_id(root):
    edit(root / Q, "- id: basics-002\n  anchor", "- anchor")
    return Q, 24, 'a question is missing the required key "id"'


def m_duplicate_id(root):
    edit(root / Q, "- id: basics-002", "- id: basics-001")
    return Q, 24, f'duplicate question id "basics-001" (first at {root.name}/{Q}:1)'


def m_missing_anchor(root):
    edit(root / Q, "anchor: scaling", "anchor: scailing")
    return Q, 25, 'no heading "#scailing" in section "what-it-is" (did you mean "scaling"?)'


def m_single_two_correct(root):
    edit(
        root / Q,
        "      text: Per hour of uptime.\n",
        "      text: Per hour of uptime.\n      correct: true\n",
    )
    return Q, 8, "a single-answer question has exactly one correct choice, not 2"


def m_multiple_one_correct(root):
    edit(
        root / Q,
        "      text: It scales out with load.\n      correct: true\n",
        "      text: It scales out with load.\n",
    )
    return Q, 31, "a multiple-answer question has 2 or 3 correct choices, not 1"


def m_choice_without_why(root):
    edit(root / Q, "      why: |\n        WHY-SENTINEL-C1 seats are a licence model.\n", "")
    return Q, 18, 'an item of "choices" is missing the required key "why"'


def m_unknown_key(root):
    edit(root / Q, "  type: multiple\n", "  type: multiple\n  difficulty: hard\n")
    return Q, 27, 'unknown key "difficulty" in a question'


def m_next_to_nowhere(root):
    edit(root / S, "next: third", "next: thrid")
    return S, 29, 'option "cap" leads to no step "thrid" (did you mean "third"?)'


def m_cycle(root):
    edit(root / S, "next: third", "next: first")
    return S, 7, 'the step "first" is part of a cycle'


def m_unreachable(root):
    edit(
        root / S,
        "          next: second\n        - id: bigger",
        "          next: third\n        - id: bigger",
    )
    edit(
        root / S,
        "          section: what-it-is\n          next: second",
        "          section: what-it-is\n          next: third",
    )
    return S, 25, 'no path from the start reaches the step "second"'


def m_glossary_see_nowhere(root):
    edit(root / f"{B}/glossary.yaml", "see: what-it-is#scaling", "see: what-it-was#scaling")
    return f"{B}/glossary.yaml", 5, 'no section "what-it-was" (did you mean "what-it-is"?)'


def m_exam_weights(root):
    edit(root / "exams/practice.yaml", "weight: 33", "weight: 30")
    return "exams/practice.yaml", 9, "domain weights sum to 97, not 100"


def m_not_utf8(root):
    (root / f"{B}/02-not-written.md").write_bytes(b"---\nslug: not-written\ntitle: Caf\xe9\n---\n")
    return f"{B}/02-not-written.md", 1, "the file is not valid UTF-8 (byte 0xe9 on line 3)"


def m_empty_file(root):
    (root / f"{B}/workbook.yaml").write_text("")
    return f"{B}/workbook.yaml", 1, "the file is empty"


def m_front_matter_not_mapping(root):
    (root / f"{B}/02-not-written.md").write_text("---\n- slug: not-written\n---\nBody.\n")
    return f"{B}/02-not-written.md", 2, "the front matter must be a mapping of keys to values"


def m_duplicate_section_slug(root):
    edit(root / "chapters/02-events/01-queues.md", "slug: queues", "slug: what-it-is")
    return (
        "chapters/02-events/01-queues.md",
        2,
        f'duplicate slug "what-it-is" (first at {root.name}/{B}/01-what-it-is.md:2)',
    )


def m_boolean_as_text(root):
    edit(root / f"{B}/glossary.yaml", "term: Cold start", "term: true")
    return f"{B}/glossary.yaml", 8, '"term" must be text, not a bool; put it in quotes'


def m_duplicate_key(root):
    edit(
        root / f"{B}/glossary.yaml",
        "  term: Cold start\n",
        "  term: Cold start\n  term: Cold starts\n",
    )
    return f"{B}/glossary.yaml", 9, 'duplicate key "term"'


def m_missing_term(root):
    edit(root / f"{B}/01-what-it-is.md", "(term:cold-start)", "(term:cold-stat)")
    return f"{B}/01-what-it-is.md", 18, 'no glossary term "cold-stat" (did you mean "cold-start"?)'


def m_section_link_to_missing_heading(root):
    path = "chapters/02-events/01-queues.md"
    edit(root / path, "(what-it-is#billing-model)", "(what-it-is#biling-model)")
    return (
        path,
        12,
        'no heading "#biling-model" in section "what-it-is" (did you mean "billing-model"?)',
    )


def m_unknown_pattern_workload(root):
    path = "appendices/04-matrix/patterns.yaml"
    edit(root / path, "workloads: [api, workflow]", "workloads: [api, workflows]")
    return path, 18, 'unknown workload "workflows" (did you mean "workflow"?)'


MALFORMED = [
    m_broken_yaml,
    m_missing_id,
    m_duplicate_id,
    m_missing_anchor,
    m_single_two_correct,
    m_multiple_one_correct,
    m_choice_without_why,
    m_unknown_key,
    m_next_to_nowhere,
    m_cycle,
    m_unreachable,
    m_glossary_see_nowhere,
    m_exam_weights,
    m_not_utf8,
    m_empty_file,
    m_front_matter_not_mapping,
    m_duplicate_section_slug,
    m_boolean_as_text,
    m_duplicate_key,
    m_missing_term,
    m_section_link_to_missing_heading,
    m_unknown_pattern_workload,
]


@pytest.mark.parametrize("mutate", MALFORMED, ids=lambda f: f.__name__[2:])
def test_malformed_content_is_reported_with_path_and_line_and_changes_nothing(
    guide, content_copy, mutate, monkeypatch
):
    monkeypatch.chdir(content_copy.parent)
    path, line, message = mutate(content_copy)
    before = dump()
    output = failing_load(content_copy)
    assert f"content/{path}:{line}: {message}" in output, output
    assert dump() == before


def test_every_problem_is_reported_at_once(db, content_copy, monkeypatch):
    monkeypatch.chdir(content_copy.parent)
    m_missing_anchor(content_copy)
    m_exam_weights(content_copy)
    m_empty_file(content_copy)
    output = failing_load(content_copy)
    assert len(output.strip().splitlines()) == 3, output
    assert dump() == {m.__name__: [] for m in CONTENT_MODELS}


def test_check_validates_without_writing(db, content_copy):
    with CaptureQueriesContext(connection) as queries:
        out = io.StringIO()
        call_command("load_content", path=content_copy, check=True, stdout=out)
    assert "Content is valid" in out.getvalue()
    assert len(queries) == 0


def test_check_exits_non_zero_on_errors(db, content_copy):
    m_cycle(content_copy)
    with pytest.raises(CommandError, match="problem"):
        call_command("load_content", path=content_copy, check=True, stderr=io.StringIO())


# --------------------------------------------------------------------------- promise 3


def test_reload_updates_in_place_and_retires_removed_items(guide, content_copy):
    question = models.Question.objects.get(key="basics-001")
    choice_pks = {c.key: c.pk for c in question.choices.all()}
    edit(content_copy / Q, "How is the thing billed?", "How is the service billed?")
    edit(
        content_copy / Q,
        "      text: Per seat.\n      why: |\n        WHY-SENTINEL-C1 seats are a licence model.\n",
        "      text: Per seat.\n      why: |\n        Seats are a licence model.\n",
    )
    shutil.move(
        content_copy / "chapters/02-events/01-queues.questions.yaml",
        content_copy.parent / "gone.yaml",
    )
    edit(content_copy / "exams/practice.yaml", "question_count: 3", "question_count: 2")
    edit(content_copy / "exams/practice.yaml", "weight: 67", "weight: 100")
    edit(
        content_copy / "exams/practice.yaml",
        "  - name: Events\n    weight: 33\n    chapters: [events]\n",
        "",
    )
    output = load(content_copy)

    question.refresh_from_db()
    assert "How is the service billed?" in question.stem_html
    assert {c.key: c.pk for c in question.choices.all()} == choice_pks
    assert models.Question.objects.get(key="events-001").retired is True
    assert models.Choice.objects.filter(question__key="events-001", retired=True).count() == 3
    assert "1 retired" in output


def test_an_id_that_comes_back_is_revived_with_the_same_row(guide, content_copy):
    original = models.Question.objects.get(key="events-001").pk
    moved = content_copy.parent / "gone.yaml"
    shutil.move(content_copy / "chapters/02-events/01-queues.questions.yaml", moved)
    edit(content_copy / "exams/practice.yaml", "question_count: 3", "question_count: 2")
    edit(content_copy / "exams/practice.yaml", "weight: 67", "weight: 100")
    edit(
        content_copy / "exams/practice.yaml",
        "  - name: Events\n    weight: 33\n    chapters: [events]\n",
        "",
    )
    load(content_copy)
    assert models.Question.objects.get(key="events-001").retired
    shutil.move(moved, content_copy / "chapters/02-events/01-queues.questions.yaml")
    load(content_copy)
    revived = models.Question.objects.get(key="events-001")
    assert (revived.pk, revived.retired) == (original, False)


def test_renaming_a_section_file_keeps_its_identity(guide, content_copy):
    pk = models.Section.objects.get(slug="queues").pk
    folder = content_copy / "chapters/02-events"
    (folder / "01-queues.md").rename(folder / "01-message-queues.md")
    (folder / "01-queues.questions.yaml").rename(folder / "01-message-queues.questions.yaml")
    load(content_copy)
    assert models.Section.objects.get(slug="queues").pk == pk
    assert not models.Section.objects.filter(retired=True).exists()


# --------------------------------------------------------------------------- promise 4


def test_unchanged_reload_writes_nothing_and_says_so(guide, content_copy):
    load(content_copy)
    with CaptureQueriesContext(connection) as queries:
        output = load(content_copy)
    assert writes(queries.captured_queries) == []
    assert "No changes" in output


def test_first_load_creates_everything(db):
    output = load(loader.Path(__file__).parent / "content")
    assert "Loaded 7 chapters and appendices, 3 sections, 4 questions" in output
    assert models.Choice.objects.count() == 12


# --------------------------------------------------------------------------- details


def test_domain_counts_use_largest_remainder():
    assert loader.domain_counts([67, 33], 3) == [2, 1]
    assert loader.domain_counts([25, 25, 25, 25], 10) == [3, 3, 2, 2]
    assert sum(loader.domain_counts([34, 33, 33], 60)) == 60


def test_exam_domain_counts_are_stored(guide):
    exam = models.ExamBlueprint.objects.get()
    assert [d["count"] for d in exam.domains] == [2, 1]


def test_yes_and_no_stay_text():
    tree, errors = loader.parse_content(Path(__file__).parent / "content")
    assert errors == []
    node = loader.yaml.compose("a: No\nb: on\n", Loader=loader.StrictLoader)
    assert [v.tag for _, v in node.value] == ["tag:yaml.org,2002:str"] * 2
