"""URLs of the strategy pages: territorial coverage, countries, expansion ranking, partner network."""

urlpatterns = []
