app_name = "certificates"
urlpatterns: list = []
