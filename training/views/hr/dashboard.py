"""The HR dashboard (placeholder until the dashboard issue work lands)."""

from flask import render_template

from training.services import progress
from training.views.hr import bp


@bp.get("/")
def dashboard():
    counts = progress.status_counts()
    return render_template("hr/dashboard.html", counts=counts)
