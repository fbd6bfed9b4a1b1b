import re

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def labels(response):
    html = response.content.decode()
    return [
        " ".join(label.split())
        for label in re.findall(r'<label class="w-field__label"[^>]*>\s*([^<]+)', html)
    ]


def test_the_login_page_speaks_french(client):
    assert labels(client.get("/admin/login/")) == ["Nom d’utilisateur", "Mot de passe"]


def test_an_editor_logs_in_and_a_wrong_password_is_refused_in_french(client):
    User.objects.create_user("redaction", password="bon-mot-de-passe", is_superuser=True)

    refused = client.post("/admin/login/", {"username": "redaction", "password": "faux"})
    assert "ne correspondent à aucun utilisateur" in refused.content.decode()
    assert labels(refused) == ["Nom d’utilisateur", "Mot de passe"]

    accepted = client.post(
        "/admin/login/", {"username": "redaction", "password": "bon-mot-de-passe"}
    )
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/"
