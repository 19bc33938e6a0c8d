"""Accounts: signing in (with throttling), invitations, password resets and changes."""
