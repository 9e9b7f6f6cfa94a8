import pytest
from django.core.management import call_command

from helix.network.models import Topic
from helix.territory.models import Commune


@pytest.mark.django_db(transaction=True)
def test_reference_data_survives_a_flush():
    """Transactional tests (and `manage.py flush`) empty every table; post_migrate reloads the reference data."""
    call_command("flush", interactive=False, verbosity=0)
    assert Commune.objects.count() == 346
    assert Topic.objects.filter(kind=Topic.Kind.SDG).count() == 17
