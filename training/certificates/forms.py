"""HR's form for revoking a certificate."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from training.certificates.revoke import MAX_REASON


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        description=_l(
            "Kept as evidence and shown to HR only; "
            "the public verification page says only that it was revoked."
        ),
        validators=[
            DataRequired(_l("Say why the certificate is revoked.")),
            Length(
                max=MAX_REASON,
                message=_l("Keep the reason to at most %(count)s characters.", count=MAX_REASON),
            ),
        ],
        render_kw={"rows": 3},
    )
