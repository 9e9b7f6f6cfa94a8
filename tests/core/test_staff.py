import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from helix.core.staff import staff_required
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@staff_required
def back_office(request, pk):
    """A back-office page."""
    return HttpResponse(f"ok {pk}")


def _get(user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/manage/7/?tab=people")
    request.user = user or AnonymousUser()
    return back_office(request, pk=7)


def test_anonymous_visitor_is_sent_to_sign_in_and_back():
    response = _get(None)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/manage/7/%3Ftab%3Dpeople"


def test_signed_in_non_staff_is_refused():
    with pytest.raises(PermissionDenied):
        _get(UserFactory())


def test_staff_gets_the_page_and_the_view_keeps_its_name():
    assert _get(UserFactory(is_staff=True)).content == b"ok 7"
    assert back_office.__name__ == "back_office" and back_office.__doc__ == "A back-office page."


def test_deactivated_staff_is_refused():
    with pytest.raises(PermissionDenied):
        _get(UserFactory(is_staff=True, is_active=False))
