"""The choice inputs tag: markup built in Python must escape like a template would."""

from django.utils.safestring import mark_safe

from studyguide.progress import Card, ChoiceView
from studyguide.templatetags.practice import choice_inputs


def make_card(**choice) -> Card:
    view = ChoiceView(key="a", text=mark_safe("<em>Per</em> request"), dom_id="q-x-a", **choice)
    return Card(
        key="x", stem="", number=1, action_url="/", input_type="radio", choices=[view],
        question_id=1,
    )  # fmt: skip


def test_choice_inputs_number_each_choice_and_label_it():
    html = choice_inputs(make_card(picked=True))
    assert '<input type="radio" name="choice" value="a" id="q-x-a" checked>' in html
    assert '<label for="q-x-a"><span class="choice-num" aria-hidden="true">1</span>' in html
    assert "<em>Per</em> request</label>" in html  # sanitised HTML kept as it is


def test_choice_inputs_escape_everything_that_is_not_sanitised_html():
    card = make_card()
    card.choices[0].key = '"><script>'
    card.choices[0].dom_id = 'q-"><b>'
    card.choices[0].text = "<b>not marked safe</b>"
    html = choice_inputs(card)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;not marked safe&lt;/b&gt;" in html
