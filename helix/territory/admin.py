from django.contrib import admin

from .models import Commune, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "capital", "population"]
    search_fields = ["name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["cut", "name", "province", "region", "population"]
    list_filter = ["region"]
    search_fields = ["name", "cut"]
