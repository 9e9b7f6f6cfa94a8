import pytest


@pytest.fixture(autouse=True)
def _lexical_matcher(settings):
    # Challenges created from recommendations are matched; the embedding model is not needed here.
    settings.HELIX_MATCHING_EMBEDDINGS = False
