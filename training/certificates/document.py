"""The certificate as a printable page and as a PDF (WeasyPrint), built from local files only."""

from pathlib import Path

from flask import current_app, render_template

from training.certificates.issue import grouped
from training.certificates.records import CertificateView


def verify_url(code: str) -> str:
    """Return the public address where anyone can check the certificate."""
    return f"{current_app.config['BASE_URL'].rstrip('/')}/verify/{grouped(code)}"


def context(view: CertificateView) -> dict:
    """What both the page and the PDF show."""
    return {
        "view": view,
        "code": grouped(view.certificate.code),
        "verify_url": verify_url(view.certificate.code),
    }


def pdf(view: CertificateView) -> bytes:
    """Return the certificate as PDF bytes; nothing is fetched from outside static/."""
    from weasyprint import HTML  # imported when needed: loading it takes a moment

    html = render_template("certificates/document.html", **context(view))
    static = Path(current_app.static_folder).resolve()
    return HTML(string=html, base_url=str(static), url_fetcher=local_fetcher(static)).write_pdf()


def file_name(view: CertificateView) -> str:
    """A file name that says whose certificate of which course it is."""
    who = "".join(ch if ch.isalnum() else "-" for ch in view.holder.email.split("@")[0])
    return f"certificate-{view.certificate.course_id}-{who}-{view.certificate.id}.pdf"


def local_fetcher(static: Path):
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        """Fetch files under static/ only: a certificate never makes the server reach out."""

        def fetch(self, url, headers=None):
            if not url.startswith("file://"):
                raise ValueError(f"refused to fetch {url}: only files under static/ are used")
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if not path.is_relative_to(static):
                raise ValueError(f"refused to fetch {url}: only files under static/ are used")
            return super().fetch(url, headers)

    return LocalOnly(allowed_protocols=["file"], allow_redirects=False)
