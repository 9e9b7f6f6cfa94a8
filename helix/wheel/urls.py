app_name = "wheel"
urlpatterns: list = []
