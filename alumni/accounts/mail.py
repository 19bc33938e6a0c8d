"""Account e-mails (invitation, password reset), rendered in the person's language into the outbox."""

from flask import render_template
from flask_babel import force_locale

from ..models import OutboxMessage


def queue_account_email(session, user, kind, key, subject, template, **context):
    """Render ``template``.txt/.html for ``user`` and write the message to the outbox."""
    with force_locale(user.language):
        subject = str(subject)
        message = OutboxMessage(
            idempotency_key=key, channel="email", kind=kind, recipient=user.email, user_id=user.id,
            subject=subject, body_text=render_template(f"{template}.txt", user=user, **context),
            body_html=render_template(f"{template}.html", user=user, subject=subject, **context),
        )
    session.add(message)
    return message
