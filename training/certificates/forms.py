"""HR's form for revoking a certificate."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from training.certificates.revoke import MAX_REASON


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        "Reason",
        description=(
            "Kept as evidence and shown to HR only; "
            "the public verification page says only that it was revoked."
        ),
        validators=[
            DataRequired("Say why the certificate is revoked."),
            Length(max=MAX_REASON, message=f"Keep the reason to at most {MAX_REASON} characters."),
        ],
        render_kw={"rows": 3},
    )
