"""Polish wording: words that mean different things get their own translations."""

import re


def label_of(page, field):
    return re.search(rf'<label for="{field}">(.*?)</label>', page).group(1)


def test_a_rounds_name_is_not_a_persons_name(client, create_user, login):
    login(create_user(email="admin@example.org", role="admin", password=None))
    assert label_of(client.get("/admin/rounds/new").get_data(as_text=True), "name") == "Nazwa"
    assert label_of(client.get("/admin/users/new").get_data(as_text=True), "name") == "Imię i nazwisko"
    assert label_of(client.get("/profile").get_data(as_text=True), "name") == "Imię i nazwisko"


def test_the_rounds_table_heads_its_name_column_as_a_name_of_a_thing(client, create_user, login, create_round):
    login(create_user(email="admin@example.org", role="admin", password=None))
    create_round()
    page = client.get("/admin/rounds").get_data(as_text=True)
    assert '<th scope="col">Nazwa</th>' in page and "Imię i nazwisko" not in page


def test_the_import_size_limit_is_written_the_polish_way(app):
    from alumni.importer.reading import FileRefused, read_tables

    with app.test_request_context("/"):
        try:
            read_tables(b"nazwa\n", "duzy.csv", max_bytes=10 * 2**20, size=int(10.5 * 2**20))
        except FileRefused as refused:
            message = refused.problems[0].message
        else:
            raise AssertionError("a file over the limit was read")
    assert "10,5 MB" in message and "do 10 MB" in message and "10.5" not in message
