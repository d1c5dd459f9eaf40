"""WTForms for the authoring, review and request pages (the reader's flag form is
``peerlearn.content.forms``). Domain rules stay in services.

The quiz has no WTForm: its repeated fields are read by ``quiz.quiz_from_form``.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from peerlearn.authoring.drafting import BODY_MAX, SUMMARY_MAX, TITLE_MAX


class ModuleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=TITLE_MAX)])
    summary = StringField(
        "One-line summary",
        validators=[Length(max=SUMMARY_MAX)],
        description="What will readers be able to do after two minutes?",
    )
    body_markdown = TextAreaField(
        "Lesson",
        validators=[Length(max=BODY_MAX)],
        description=(
            "Markdown: # headings, - lists, **bold**, `code`, [links](https://…), "
            "![images](https://…), tables, and [[module-slug]] to link another module."
        ),
    )
    tags = StringField(
        "Tags",
        validators=[Length(max=400)],
        description="Comma-separated, for example: excel, finance, month end.",
    )


class NewModuleForm(ModuleForm):
    slug = StringField(
        "Address (optional)",
        validators=[Optional(), Length(max=80)],
        description="The end of the module's link, /m/…; made from the title if left empty.",
    )


class DecisionForm(FlaskForm):
    decision = SelectField(
        "Decision",
        choices=[
            SelectChoice(
                "request_changes", "Request changes — coach the author to a better version"
            ),
            SelectChoice("approve", "Approve — publish this revision"),
            SelectChoice("reject", "Reject — this must not be published (give the reason)"),
        ],
    )
    comment = TextAreaField(
        "Comment for the author",
        validators=[Length(max=4000)],
        description="Be specific and kind: what works, what to change, and why.",
    )
    official = BooleanField("Mark as official (produced or endorsed by L&D)")


class ReasonForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[DataRequired(), Length(max=1000)])


class NoteForm(FlaskForm):
    note = TextAreaField("Note (optional)", validators=[Length(max=1000)])


class ReviewByForm(FlaskForm):
    review_by = DateField("Review by", validators=[DataRequired()])


class RequestForm(FlaskForm):
    title = StringField("Topic", validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(
        "What should it cover?", validators=[Length(max=2000)], description="Optional."
    )
    priority = BooleanField("Priority (L&D)")


class CriterionForm(FlaskForm):
    label = StringField("Criterion", validators=[DataRequired(), Length(max=80)])
    help = StringField("Guidance for reviewers", validators=[Length(max=200)])
    active = BooleanField("In use", default=True)
