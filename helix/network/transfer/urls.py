from django.urls import path, register_converter

from . import views


class FileFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FileFormat, "fileformat")

app_name = "transfer"
urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("import/<str:token>/", views.import_preview, name="import_preview"),
    path("import/<str:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<str:token>/cancel/", views.import_cancel, name="import_cancel"),
    path("export/organisations.<fileformat:file_format>", views.export_organisations, name="export_organisations"),
    path("export/people.<fileformat:file_format>", views.export_people, name="export_people"),
]
