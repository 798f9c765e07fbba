import pytest
from django.urls import reverse

from wards.models import Role
from wards.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login_from_home(anonymous_client):
    response = anonymous_client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_with_right_password_opens_home(ward_a):
    UserFactory(username="nguyen", role=Role.WARD_OFFICER, ward=ward_a)
    from django.test import Client

    client = Client()
    response = client.post(
        reverse("login"), {"username": "nguyen", "password": "pass-Secret-123"}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "nguyen"
    assert "dashboards/home_ward.html" in [t.name for t in response.templates]


def test_login_with_wrong_password_says_so_in_vietnamese(ward_a):
    UserFactory(username="nguyen", role=Role.WARD_OFFICER, ward=ward_a)
    from django.test import Client

    response = Client().post(reverse("login"), {"username": "nguyen", "password": "wrong"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "mật khẩu chính xác" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(officer_a_client):
    response = officer_a_client.post(reverse("logout"))
    assert response.status_code == 302
    assert officer_a_client.get(reverse("home")).status_code == 302


def test_password_change_sets_the_new_password(officer_a, officer_a_client):
    response = officer_a_client.post(
        reverse("password_change"),
        {
            "old_password": "pass-Secret-123",
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password("Mat-khau-moi-2026")


@pytest.mark.parametrize(
    ("role", "template"),
    [
        ("officer_a", "dashboards/home_ward.html"),
        ("chief_a", "dashboards/home_ward.html"),
        ("reviewer", "dashboards/home_reviewer.html"),
        ("committee", "dashboards/home_committee.html"),
        ("admin", "dashboards/home_admin.html"),
    ],
)
def test_each_role_gets_its_home_page(role_clients, role, template):
    response = role_clients[role].get(reverse("home"))
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]


def test_ward_home_names_the_users_own_ward_only(officer_a_client):
    body = officer_a_client.get(reverse("home")).content.decode()
    assert "Phường A" in body
    assert "Phường B" not in body


def test_officer_cannot_open_other_ward_page(officer_a_client, ward_b):
    response = officer_a_client.get(reverse("dashboards:ward_detail", args=[ward_b.code]))
    assert response.status_code == 404


def test_officer_opens_own_ward_page(officer_a_client, ward_a):
    response = officer_a_client.get(reverse("dashboards:ward_detail", args=[ward_a.code]))
    assert response.status_code == 200
    assert "Phường A" in response.content.decode()


def test_ward_list_is_scoped(officer_a_client, reviewer_client, ward_a, ward_b):
    officer_body = officer_a_client.get(reverse("dashboards:ward_list")).content.decode()
    assert "Phường A" in officer_body and "Phường B" not in officer_body
    reviewer_body = reviewer_client.get(reverse("dashboards:ward_list")).content.decode()
    assert "Phường A" in reviewer_body and "Phường B" in reviewer_body


def test_province_home_shows_the_2022_baseline_totals(langson, reviewer_client):
    response = reviewer_client.get(reverse("home"))
    assert response.context["baseline_total"]["criminal_cases"] == 66
    body = response.content.decode()
    assert "Lương Văn Tri" in body  # a ward in force today
    assert "Kỳ Lừa" in body


def test_admin_menu_entry_only_for_administrators(admin_client_user, reviewer_client):
    admin_url = reverse("admin:index")
    assert admin_url in admin_client_user.get(reverse("home")).content.decode()
    assert admin_url not in reviewer_client.get(reverse("home")).content.decode()


def test_non_staff_cannot_open_admin_site(officer_a_client, reviewer_client):
    for client in (officer_a_client, reviewer_client):
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert "/admin/login/" in response.url


def test_pages_are_vietnamese_by_default(officer_a_client):
    response = officer_a_client.get(reverse("home"))
    assert response["Content-Language"] == "vi"
    assert "Đăng xuất" in response.content.decode()


def test_an_english_browser_still_gets_vietnamese(officer_a_client):
    response = officer_a_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"


def test_choosing_english_switches_the_interface(officer_a_client):
    response = officer_a_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert officer_a_client.get(reverse("home"))["Content-Language"] == "en"
