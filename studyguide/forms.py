"""Forms: what a learner may submit, checked before anything is stored."""

from django import forms
from django.contrib.auth.forms import UserCreationForm

from . import grading
from .models import Pattern
from .progress import QuestionData


class AnswerForm(forms.Form):
    """The choices picked for one question. Every key must belong to that question's live
    choices; a multiple-answer question needs exactly as many picks as it has right answers."""

    choice = forms.MultipleChoiceField(
        error_messages={
            "required": "Pick an answer before checking it.",
            "invalid_choice": "That answer is not one of the choices for this question.",
        }
    )
    seed = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, question: QuestionData, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["choice"].choices = [(c.key, c.key) for c in question.choices]

    def clean_choice(self) -> list[str]:
        keys = self.cleaned_data["choice"]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError("Each answer can be picked once.")
        if self.question.is_multiple:
            needed = len(self.question.correct_keys)
            if len(keys) != needed:
                raise forms.ValidationError(f"{grading.choose_label(needed)} answers.")
        elif len(keys) != 1:
            raise forms.ValidationError("Pick one answer.")
        return keys


class QuizStartForm(forms.Form):
    SIZE_CHOICES = [(str(n), f"{n} questions") for n in grading.QUIZ_SIZES] + [
        ("all", "All questions")
    ]
    size = forms.ChoiceField(
        choices=SIZE_CHOICES,
        initial=str(grading.DEFAULT_QUIZ_SIZE),
        widget=forms.RadioSelect,
        label="How many questions?",
    )

    def clean_size(self) -> int | None:
        value = self.cleaned_data["size"]
        return None if value == "all" else int(value)


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username",)


class PatternFilterForm(forms.Form):
    """The pattern matrix's filter, from the query string; every field may be left at "Any"."""

    ANY = [("", "Any")]
    kind = forms.ChoiceField(required=False, choices=ANY + Pattern.Kind.choices)
    workload = forms.ChoiceField(required=False, choices=ANY + list(Pattern.WORKLOADS.items()))
    latency = forms.ChoiceField(required=False, choices=ANY + Pattern.Latency.choices)
    risk = forms.ChoiceField(
        required=False, choices=ANY + Pattern.Risk.choices, label="Operational risk"
    )
