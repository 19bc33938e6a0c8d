"""Who may open the ministry's pages: every route of the dashboard area for every role."""

import pytest

from tests.dashboard_fixtures import csrf_token, login_page  # noqa: F401

ROLES = ["anonymous", "coordinator_of_own", "coordinator_of_other", "ministry", "admin"]
SIGN_IN = "sign-in"

# route -> expected answer per role, in the order of ROLES
MATRIX = {
    ("GET", "/dashboard"): [SIGN_IN, 403, 403, 200, 200],
    ("GET", "/dashboard?as_of=2026-06-30&round=1"): [SIGN_IN, 403, 403, 200, 200],
    ("GET", "/dashboard/silent"): [SIGN_IN, 403, 403, 200, 200],
    ("GET", "/mids"): [SIGN_IN, 403, 403, 200, 200],
    ("GET", "/mids?status=at_risk&sort=status&dir=desc&page=2"): [SIGN_IN, 403, 403, 200, 200],
    ("GET", "/mids/{mid}/lineage"): [SIGN_IN, 403, 403, 403, 200],
    ("POST", "/mids/{mid}/lineage"): [SIGN_IN, 403, 403, 403, 302],
    ("GET", "/"): [SIGN_IN, 200, 200, "/dashboard", "/dashboard"],
}


@pytest.fixture
def signed_in_as(client, login, create_user, create_mid, session):
    mid = create_mid(participant="Słupsk")
    create_mid(participant="Lublin", title="Zielone Serce Miasta")

    def sign_in(role):
        if role == "coordinator_of_own":
            login(create_user("koordynator.slupsk@example.org", participants=("Słupsk",)))
        elif role == "coordinator_of_other":
            login(create_user("koordynator.lublin@example.org", participants=("Lublin",)))
        elif role in ("ministry", "admin"):
            login(create_user(f"{role}@example.org", role=role))
        return mid

    return sign_in


@pytest.mark.parametrize("method, url", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_route_answers_each_role_as_the_policy_says(client, signed_in_as, login_page, role, method, url):
    mid = signed_in_as(role)
    target = url.format(mid=mid.id)
    if method == "POST":
        token = csrf_token(client, target) if role == "admin" else "no-token"
        response = client.post(target, data={"csrf_token": token, "kind": "absorbed", "strategy": "Strategia",
                                             "version": "1"})
    else:
        response = client.get(target)
    expected = MATRIX[(method, url)][ROLES.index(role)]
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith(login_page + "?next=")
    elif isinstance(expected, str):
        assert response.status_code == 302 and response.headers["Location"].endswith(expected)
    else:
        assert response.status_code == expected
