import pytest
from django.contrib.auth.models import Group, User

PASSWORD = "correct horse battery staple 7"


@pytest.fixture
def staff_user(db):
    """A real account with a password, as people sign in with it (not force_login)."""

    def make(role="Editor", username=None, superuser=False, email=None):
        username = username or role.lower()
        user = User.objects.create_user(
            username, email=email or f"{username}@newsroom.example", password=PASSWORD, is_staff=True,
            is_superuser=superuser,
        )
        if role and not superuser:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, **extra)


@pytest.fixture
def login():
    from django.test import Client

    def log_in(user):
        client = Client()
        client.force_login(user)
        return client

    return log_in


@pytest.fixture(autouse=True)
def _quick_password_hashes(settings):
    # Sign-ins here hash many passwords; a fast hasher keeps the suite quick (the production one is PBKDF2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
