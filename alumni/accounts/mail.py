"""Account e-mails (invitation, password reset), rendered in the person's language into the outbox."""

from flask import current_app
from flask_babel import force_locale

from ..mail import language_for, render_bodies
from ..outbox import enqueue


def queue_account_email(session, user, kind, key, subject, template, now, **context):
    """Render ``mail/<template>`` for ``user`` and write the message to the outbox."""
    with force_locale(language_for(current_app, user.language)):
        subject = str(subject)
        body_text, body_html = render_bodies(template, user=user, subject=subject, **context)
    enqueue(session, key=key, channel="email", kind=kind, recipient=user.email, as_of=now, subject=subject,
            body_text=body_text, body_html=body_html, user_id=user.id)
