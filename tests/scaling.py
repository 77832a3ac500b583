"""Make a content tree several times larger by repeating its chapters under new ids, for tests that
prove a page's query count does not grow with the guide."""

import copy
import dataclasses
import re

from studyguide.loader import ContentTree, Ref


def scaled_tree(tree: ContentTree, factor: int) -> ContentTree:
    """The chapters of `tree` (not its appendices) `factor` times, each copy with its own ids."""
    out = copy.deepcopy(tree)
    main = [c for c in tree.chapters if c.kind == "chapter"]
    appendices = [c for c in out.chapters if c.kind != "chapter"]
    out.chapters = [c for c in out.chapters if c.kind == "chapter"]
    for k in range(2, factor + 1):
        sfx = f"-k{k}"
        chapters = {c.slug for c in main}
        sections = {s.slug for s in tree.sections if s.chapter in chapters}
        terms = {t.slug for t in tree.terms}

        def ref(r: Ref, sfx=sfx, sections=sections) -> Ref:
            return dataclasses.replace(
                r, section=r.section + sfx if r.section in sections else r.section
            )

        def key(value: str, sfx=sfx) -> str:
            numbered = re.fullmatch(r"(.*)-(\d{3})", value)
            return f"{numbered.group(1)}{sfx}-{numbered.group(2)}" if numbered else value + sfx

        for c in main:
            out.chapters.append(
                dataclasses.replace(c, slug=c.slug + sfx, number=c.number + 16 * (k - 1))
            )
        for s in tree.sections:
            out.sections.append(
                dataclasses.replace(
                    s,
                    slug=s.slug + sfx,
                    chapter=s.chapter + sfx,
                    key_terms=[(t + sfx, line) for t, line in s.key_terms],
                )
            )
        for q in tree.questions:
            out.questions.append(dataclasses.replace(q, key=key(q.key), section=q.section + sfx))
        for t in tree.terms:
            out.terms.append(
                dataclasses.replace(
                    t,
                    slug=t.slug + sfx,
                    chapter=t.chapter + sfx,
                    ref=ref(t.ref),
                    related=[(r + sfx if r in terms else r, line) for r, line in t.related],
                )
            )
        for d in tree.diagrams:
            out.diagrams.append(
                dataclasses.replace(
                    d, slug=d.slug + sfx, chapter=d.chapter + sfx, refs=[ref(r) for r in d.refs]
                )
            )
        for s in tree.scenarios:
            steps = [
                dataclasses.replace(
                    st, options=[dataclasses.replace(o, ref=ref(o.ref)) for o in st.options]
                )
                for st in s.steps
            ]
            out.scenarios.append(
                dataclasses.replace(s, key=s.key + sfx, chapter=s.chapter + sfx, steps=steps)
            )
        for w in tree.workbook:
            out.workbook.append(
                dataclasses.replace(w, key=w.key + sfx, chapter=w.chapter + sfx, ref=ref(w.ref))
            )
    out.chapters += appendices
    return out
