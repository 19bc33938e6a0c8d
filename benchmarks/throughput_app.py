"""The app as deployed plus two reference pages for benchmarks/throughput.py (nothing here is in the product).

    gunicorn -c deploy/gunicorn.conf.py --chdir benchmarks throughput_app:app

- ``/_bench/empty``: base.html with an empty content block, for the signed-in person (the
  navigation, the language links and the sign-out form, as on every page): what the layout costs.
- ``/_bench/bare``: "ok" through the same app (its request hooks, no template, no query):
  what Flask, the session and gunicorn cost before a page does anything.
"""

from flask import render_template
from flask_login import login_required

from alumni.wsgi import app

# Compiled once, as the app's own templates are (render_template_string would compile it per request).
EMPTY = app.jinja_env.from_string(
    '{% extends "base.html" %}{% block title %}—{% endblock %}{% block content %}{% endblock %}')


@app.get("/_bench/empty")
@login_required
def bench_empty():
    return render_template(EMPTY)


@app.get("/_bench/bare")
def bench_bare():
    return "ok"
