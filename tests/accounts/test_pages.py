import pytest
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("accounts:login", "Forgot your password?"),
        ("accounts:signup", "Create an account"),
        ("accounts:password_reset", "Send the link"),
    ],
)
def test_public_pages_render(client, name, text):
    client.cookies["django_language"] = "en"
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and text in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("accounts:profile", "Download my data (JSON)"),
        ("accounts:delete_account", "Delete my account for good"),
        ("accounts:request_representation", "Send request"),
    ],
)
def test_signed_in_pages_render(client, name, text):
    user = UserFactory()
    PersonFactory(user=user, email=user.email)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and text in response.content.decode()


@pytest.mark.django_db
def test_unknown_activation_and_reset_links_are_friendly(client):
    assert client.get(reverse("accounts:activate", args=["bm9wZQ", "bad-token"])).status_code == 400
    client.cookies["django_language"] = "en"
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["bm9wZQ", "bad-token"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and "not valid" in response.content.decode()


@pytest.mark.django_db
def test_deciding_an_unknown_request_is_404(staff_client):
    assert (
        staff_client.post(reverse("accounts:decide_request", args=[999999]), {"decision": "approve"}).status_code == 404
    )
