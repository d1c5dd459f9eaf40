"""The local SMTP server fixtures of tests/mail, for the worker test's e-mail."""

from tests.mail.conftest import mailbox, smtp_server  # noqa: F401
