"""The Django admin: content is browsable but read-only, because the files in content/ are its source."""

from django.contrib import admin

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Edits belong in content/ and `load_content`; the admin only shows what was loaded."""

    list_filter = ("retired",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ChoiceInline(ReadOnlyInline):
    model = Choice
    fields = ("key", "text_html", "correct", "misconception", "retired")


class OptionInline(ReadOnlyInline):
    model = Option
    fk_name = "step"
    fields = ("key", "text", "score", "next_key", "target_section", "target_anchor", "retired")


@admin.register(GuideInfo)
class GuideInfoAdmin(ReadOnlyAdmin):
    list_display = ("title", "edition")
    list_filter = ()


@admin.register(Chapter)
class ChapterAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "kind", "slug", "gathers", "retired")
    list_filter = ("kind", "retired")
    search_fields = ("title", "slug")


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "chapter", "slug", "word_count", "retired")
    list_filter = ("chapter", "retired")
    list_select_related = ("chapter",)
    search_fields = ("title", "slug", "summary")
    exclude = ("body_html",)


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ("key", "section", "type", "level", "vendor", "retired")
    list_filter = ("type", "level", "vendor", "retired", "section__chapter")
    list_select_related = ("section",)
    search_fields = ("key", "stem_html")
    inlines = [ChoiceInline]


@admin.register(Scenario)
class ScenarioAdmin(ReadOnlyAdmin):
    list_display = ("key", "title", "chapter", "vendor", "retired")
    list_filter = ("vendor", "retired", "chapter")
    list_select_related = ("chapter",)
    search_fields = ("key", "title")


@admin.register(Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "outcome", "retired")
    list_select_related = ("scenario",)
    inlines = [OptionInline]


@admin.register(WorkbookPrompt)
class WorkbookPromptAdmin(ReadOnlyAdmin):
    list_display = ("key", "chapter", "target_section", "retired")
    list_select_related = ("chapter", "target_section")
    search_fields = ("key", "prompt_html")


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ("term", "slug", "chapter", "retired")
    list_select_related = ("chapter",)
    search_fields = ("term", "slug", "definition_text")


@admin.register(Diagram)
class DiagramAdmin(ReadOnlyAdmin):
    list_display = ("title", "slug", "chapter", "retired")
    list_select_related = ("chapter",)
    exclude = ("svg",)


@admin.register(Pattern)
class PatternAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "latency", "operational_risk", "retired")
    list_filter = ("kind", "latency", "operational_risk", "retired")
    search_fields = ("name", "slug")


@admin.register(ExamBlueprint)
class ExamBlueprintAdmin(ReadOnlyAdmin):
    list_display = ("title", "question_count", "minutes", "pass_percent", "vendor", "retired")
