"""E-mail: the SMTP transport, messages rendered from templates (HTML + text), per-person
preferences per kind of message, signed one-click unsubscribe links (RFC 8058), and the
tasks that send them (notifications, digests, streak reminders, password reset).

Nothing is sent in a request: everything goes through :mod:`peerlearn.tasks`.
"""
