from django.contrib import admin

from .models import Campaign, Question, Questionnaire, Response, Section


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("title", "family", "version", "status", "built_in")
    list_filter = ("status", "built_in")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("title", "questionnaire", "position")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("code", "text", "kind", "section", "dimension", "area")
    list_filter = ("kind", "area")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "questionnaire", "deadline", "status")


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("organisation", "campaign", "status", "submitted_at")
    list_filter = ("status",)
    exclude = ("token",)
