from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.region_map, name="map"),
    path("regions/<int:code>/", views.region_detail, name="region"),
    path("communes/<int:cut>/", views.commune_detail, name="commune"),
]
