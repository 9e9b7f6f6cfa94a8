app_name = "academy"
urlpatterns: list = []
