"""Markup for a question card's choice inputs, built in one call: the section page shows up to
forty of them, and a template loop costs about ten times as much per input."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def choice_inputs(card):
    return format_html_join(
        "",
        '<div class="choice"><input type="{}" name="choice" value="{}" id="{}"{}>'
        '<label for="{}"><span class="choice-num" aria-hidden="true">{}</span> {}</label></div>',
        (
            (card.input_type, c.key, c.dom_id, " checked" if c.picked else "", c.dom_id, n, c.text)
            for n, c in enumerate(card.choices, start=1)
        ),
    )
