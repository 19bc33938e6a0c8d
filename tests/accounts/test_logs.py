"""The service's logs: secrets in paths never reach them, and each line is written once."""

import logging

from flask import request

from alumni.views import report_link
from tests.reporting.test_report_link import path_of, setup  # noqa: F401 (a fixture)


def test_a_failing_report_link_never_writes_its_token_to_any_log_line(app, client, setup, caplog, capfd,  # noqa: F811
                                                                       monkeypatch):
    mid, round_, user = setup
    path = path_of(app, round_, mid, user)
    token = path.rsplit("/", 1)[1]

    def broken(*args, **kwargs):
        raise RuntimeError(f"the report form failed for {request.url}")

    monkeypatch.setattr(report_link, "report_page", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page, and a log line
    caplog.set_level(logging.DEBUG)

    response = client.get(path)

    assert response.status_code == 500
    assert "Exception on /reports/by-link/*** [GET]" in caplog.text
    assert "RuntimeError" in caplog.text  # the traceback is kept, only the secret goes
    everything = caplog.text + "".join(str(record.__dict__) for record in caplog.records) + "".join(
        capfd.readouterr())
    assert token not in everything
