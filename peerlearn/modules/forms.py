"""WTForms for the reading and community pages. Domain rules stay in the services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class ActionForm(FlaskForm):
    """A button that needs nothing but its CSRF token (complete, bookmark, follow …)."""


class FinishForm(FlaskForm):
    """Completing by the button: ``opened`` is the page's signed opening time (see
    ``views.opened_token``), the reading time of a reader whose browser runs no script;
    ``visible_seconds`` the script's report not sent yet."""

    opened = HiddenField()
    # The reading script's last visible seconds, sent with the form rather than in a
    # separate request that could arrive after the completion (and so not count for it).
    visible_seconds = HiddenField()


class QuizForm(FinishForm):
    """The quiz: the answers (``q-0``, ``q-1`` …) are read from the request."""


class ClapForm(FlaskForm):
    count = IntegerField("Claps", default=1, validators=[Optional(), NumberRange(min=1, max=500)])


class CommentForm(FlaskForm):
    body = TextAreaField(
        "Your comment",
        validators=[DataRequired(), Length(max=5000)],
        description="Markdown works: **bold**, *italic*, `code`, links.",
    )
    parent_id = HiddenField()


class EditCommentForm(FlaskForm):
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=5000)])


class HideCommentForm(FlaskForm):
    reason = StringField(
        "Why hide it?",
        validators=[DataRequired(), Length(max=300)],
        description="Everyone sees this reason where the comment was.",
    )


class PathForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=120)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    modules = TextAreaField(
        "Modules, in order",
        validators=[DataRequired(), Length(max=5000)],
        description=(
            "One per line, in reading order: a published module's address as your browser "
            "shows it when you open the module (ending in /m/ and its name), or just that "
            "name, for example sql-select-basics for /m/sql-select-basics."
        ),
    )
