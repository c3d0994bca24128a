"""Deactivating a person is confirmed on its own page first; an unconfirmed post changes nothing."""

import pytest

from training.db import db
from training.models import User


@pytest.fixture
def hr(make_user, auth, library):
    user = make_user(email="hr@example.com", roles="hr")
    auth.login(user.email)
    return user


@pytest.fixture
def leaver(make_user):
    return make_user(email="leaver@example.com", name="Lea Leaver")


def test_person_page_links_to_the_confirmation_instead_of_posting(client, hr, leaver):
    page = client.get(f"/hr/people/{leaver.id}").get_data(as_text=True)
    assert f'href="/hr/people/{leaver.id}/deactivate">Deactivate Lea Leaver</a>' in page
    assert f'action="/hr/people/{leaver.id}/deactivate"' not in page


def test_confirmation_page_says_what_happens_and_changes_nothing(client, hr, leaver):
    response = client.get(f"/hr/people/{leaver.id}/deactivate")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Deactivate Lea Leaver?</h1>" in page and "no longer be able to sign in" in page
    assert '<button type="submit" class="button">Yes, deactivate Lea Leaver</button>' in page
    assert 'name="confirm" type="hidden" value="yes"' in page and 'name="csrf_token"' in page
    assert f'<a href="/hr/people/{leaver.id}">No, keep Lea Leaver active</a>' in page
    assert db.session.get(User, leaver.id).active


@pytest.mark.parametrize("data", [{}, {"confirm": ""}, {"confirm": "no"}])
def test_an_unconfirmed_post_changes_nothing_and_asks_on_the_confirmation_page(client, hr, leaver, data):
    response = client.post(f"/hr/people/{leaver.id}/deactivate", data=data)
    assert response.headers["Location"].endswith(f"/hr/people/{leaver.id}/deactivate")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing was changed: confirm the deactivation on this page." in page
    assert db.session.get(User, leaver.id).active


def test_confirming_deactivates(client, hr, leaver):
    page = client.get(f"/hr/people/{leaver.id}/deactivate").get_data(as_text=True)
    assert 'value="yes"' in page
    response = client.post(
        f"/hr/people/{leaver.id}/deactivate", data={"confirm": "yes"}, follow_redirects=True
    )
    assert "Lea Leaver is deactivated; their records are kept." in response.get_data(as_text=True)
    assert not db.session.get(User, leaver.id).active


def test_the_confirmation_of_someone_already_deactivated_goes_to_their_page(client, hr, leaver):
    client.post(f"/hr/people/{leaver.id}/deactivate", data={"confirm": "yes"})
    response = client.get(f"/hr/people/{leaver.id}/deactivate")
    assert response.headers["Location"].endswith(f"/hr/people/{leaver.id}")


def test_confirmation_of_an_unknown_person_is_not_found(client, hr):
    assert client.get("/hr/people/999/deactivate").status_code == 404


def test_an_employee_cannot_open_the_confirmation(client, auth, make_user, leaver):
    auth.login(make_user(email="emp@example.com").email)
    assert client.get(f"/hr/people/{leaver.id}/deactivate").status_code == 403
