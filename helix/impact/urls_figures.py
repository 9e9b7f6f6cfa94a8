"""URLs of the impact figures: dashboard, public page, drill-downs, reports."""

urlpatterns = []
