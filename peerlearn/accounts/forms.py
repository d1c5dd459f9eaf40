"""WTForms for the account pages. Validation of domain rules stays in the services."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from peerlearn.accounts.models import LeaderboardVisibility
from peerlearn.accounts.services import PASSWORD_MIN_LENGTH, TIMEZONES, list_departments
from peerlearn.permissions import Role


def _department_choices() -> list[SelectChoice]:
    return [SelectChoice("", "— none —")] + [
        SelectChoice(str(d.id), d.name) for d in list_departments()
    ]


_PASSWORD_LENGTH = Length(
    min=PASSWORD_MIN_LENGTH,
    max=256,
    message=f"Use at least {PASSWORD_MIN_LENGTH} characters (and at most 256).",
)


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _int_or_none(value: str | int | None) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class SignInForm(FlaskForm):
    email = EmailField("E-mail", filters=[_strip], validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])
    remember = BooleanField("Keep me signed in on this device")


class SignUpForm(FlaskForm):
    display_name = StringField("Your name", validators=[DataRequired(), Length(max=80)])
    email = EmailField(
        "Work e-mail",
        filters=[_strip],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    department_id = SelectField("Department", coerce=_int_or_none, validators=[Optional()])
    password = PasswordField(
        "Password",
        validators=[DataRequired(), _PASSWORD_LENGTH],
        description=f"At least {PASSWORD_MIN_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.department_id.choices = _department_choices()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField("New password", validators=[DataRequired(), _PASSWORD_LENGTH])
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("new_password", "Passwords differ.")],
    )


class ProfileForm(FlaskForm):
    display_name = StringField("Display name", validators=[DataRequired(), Length(max=80)])
    department_id = SelectField("Department", coerce=_int_or_none, validators=[Optional()])
    timezone = SelectField("Time zone", choices=[SelectChoice(tz) for tz in TIMEZONES])
    leaderboard_visibility = SelectField(
        "On leaderboards",
        choices=[SelectChoice(v.value, v.label) for v in LeaderboardVisibility],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.department_id.choices = _department_choices()

    CHANGES = ("display_name", "department_id", "timezone", "leaderboard_visibility")

    def changes(self) -> dict[str, Any]:
        """The submitted values, keyed as ``services.update_profile`` takes them."""
        return {name: self[name].data for name in self.CHANGES}


class AdminUserForm(ProfileForm):
    role = SelectField("Role", choices=[SelectChoice(r.value, r.label) for r in Role])
    active = BooleanField("Active (can sign in and use API tokens)")

    CHANGES = (*ProfileForm.CHANGES, "role", "active")


class TokenForm(FlaskForm):
    name = StringField(
        "Token name",
        validators=[DataRequired(), Length(max=80)],
        description="For example “reporting script”.",
    )


class DepartmentForm(FlaskForm):
    name = StringField("Department name", validators=[DataRequired(), Length(max=80)])


class ConfirmForm(FlaskForm):
    """A bare form: a POST button that needs nothing but its CSRF token."""
