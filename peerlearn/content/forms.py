"""The reader's flag form: rendered on the module page (``modules``), handled by ``authoring``."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from peerlearn.content.models import FlagReason


class FlagForm(FlaskForm):
    reason = SelectField(
        "What is wrong?", choices=[SelectChoice(r.value, r.label) for r in FlagReason]
    )
    note = TextAreaField("Details", validators=[Length(max=1000)])
