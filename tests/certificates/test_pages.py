"""The learner's certificate page and PDF, HR's view, revocation and ZIP, and who may use them."""

import csv
import io
import zipfile
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import select

from tests.certificates.conftest import certificates_of, complete_course
from training.certificates import document, issue
from training.db import db
from training.evidence.verify import verify_ledger
from training.learning import courses as learning
from training.models import CertificateRevocation, EvidenceEntry


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def done(learner):
    complete_course(learner)
    return certificates_of(learner)[0]


def test_the_course_page_links_to_the_certificate_once_completed(client, auth, learner):
    auth.login(learner.email)
    assert "Your certificate" not in client.get("/courses/basics").get_data(as_text=True)
    complete_course(learner)
    [certificate] = certificates_of(learner)
    page = client.get("/courses/basics").get_data(as_text=True)
    assert f'href="/certificates/{certificate.id}"' in page and "Your certificate" in page


def test_the_course_page_hides_the_link_when_the_course_is_outdated(client, auth, done, tree):
    auth.login("lee@example.com")
    tree.change_secrets()
    assert "Your certificate" not in client.get("/courses/basics").get_data(as_text=True)


def test_the_printable_page_shows_person_course_versions_date_code_and_address(app, client, auth, done):
    auth.login("lee@example.com")
    page = client.get(f"/certificates/{done.id}").get_data(as_text=True)
    code = issue.grouped(done.code)
    for expected in ("Lee Learner", "Basics", "Reading complaints", "Keeping secrets", "Basics quiz",
                     "Demo policy", code, f"{app.config['BASE_URL']}/verify/{code}", "Valid."):  # fmt: skip
        assert expected in page, expected


def test_the_pdf_is_a_pdf_with_the_code_and_the_verify_address(app, client, auth, done, pdf_maker):
    app.config["BASE_URL"] = "https://training.example.com"
    auth.login("lee@example.com")
    response = client.get(f"/certificates/{done.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF")
    text = " ".join(pdf_text(response.data).split())
    for expected in ("Lee Learner", "Basics", "Keeping secrets", "Demo policy", issue.grouped(done.code)):
        assert expected in text, expected
    # A long address may be broken over two lines, which the text extraction reads as a space.
    address = f"https://training.example.com/verify/{issue.grouped(done.code)}"
    assert address in text.replace(" ", "")


def test_the_pdf_fetches_nothing_from_outside_static(app, pdf_maker):
    fetcher = document.local_fetcher(Path(app.static_folder).resolve())
    for url in ("https://example.com/font.woff", "http://127.0.0.1:9/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    inside = fetcher.fetch(f"file://{app.static_folder}/favicon.svg")
    assert inside.status in (None, 200)
    inside.close()


def test_someone_else_cannot_see_a_learners_certificate(client, auth, make_user, done):
    make_user(email="nosy@example.com")
    auth.login("nosy@example.com")
    assert client.get(f"/certificates/{done.id}").status_code == 404
    assert client.get(f"/certificates/{done.id}.pdf").status_code == 404


def test_hr_sees_everyones_certificates_on_the_person_page(client, auth, hr, learner, done):
    auth.login(hr.email)
    page = client.get(f"/hr/people/{learner.id}").get_data(as_text=True)
    assert "Certificates" in page and done.code in page
    assert f"/certificates/{done.id}.pdf" in page and f"/hr/certificates/{done.id}/revoke" in page
    assert client.get(f"/certificates/{done.id}").status_code == 200
    assert client.get(f"/certificates/{done.id}.pdf").data.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/hr/certificates/{id}/revoke"), ("post", "/hr/certificates/{id}/revoke"),
     ("get", "/hr/certificates.zip")],
)  # fmt: skip
def test_employees_cannot_use_hrs_certificate_routes(client, auth, done, method, path):
    auth.login("lee@example.com")
    response = getattr(client, method)(path.format(id=done.id), data={"reason": "mine"})
    assert response.status_code == 403
    assert db.session.scalars(select(CertificateRevocation)).all() == []


def test_hr_revokes_with_a_reason_kept_as_evidence(client, auth, hr, learner, done):
    auth.login(hr.email)
    assert client.get(f"/hr/certificates/{done.id}/revoke").status_code == 200
    response = client.post(f"/hr/certificates/{done.id}/revoke", data={"reason": "Taken on their behalf"})
    assert response.status_code == 302 and response.headers["Location"] == f"/hr/people/{learner.id}"
    [revocation] = db.session.scalars(select(CertificateRevocation)).all()
    assert (revocation.certificate_id, revocation.revoked_by, revocation.reason) == (
        done.id, hr.id, "Taken on their behalf"
    )  # fmt: skip
    entry = db.session.scalar(select(EvidenceEntry).where(EvidenceEntry.kind == "revocation"))
    assert (entry.user_id, entry.payload["reason"]) == (learner.id, "Taken on their behalf")
    assert verify_ledger().ok
    page = client.get(f"/hr/people/{learner.id}").get_data(as_text=True)
    assert "Revoked on" in page and "Taken on their behalf" in page


def test_revoking_needs_a_reason_and_happens_once(client, auth, hr, done):
    auth.login(hr.email)
    empty = client.post(f"/hr/certificates/{done.id}/revoke", data={"reason": "  "})
    assert empty.status_code == 422 and "Say why the certificate is revoked." in empty.get_data(as_text=True)
    client.post(f"/hr/certificates/{done.id}/revoke", data={"reason": "First"})
    again = client.post(f"/hr/certificates/{done.id}/revoke", data={"reason": "Second"})
    assert again.status_code == 422 and "already revoked" in again.get_data(as_text=True)
    assert [r.reason for r in db.session.scalars(select(CertificateRevocation))] == ["First"]


def test_revoking_an_unknown_certificate_is_404(client, auth, hr, tree):
    auth.login(hr.email)
    assert client.post("/hr/certificates/999/revoke", data={"reason": "x"}).status_code == 404


def test_hr_downloads_every_certificate_as_a_zip_with_an_index(
    client, auth, make_user, hr, learner, tree, pdf_maker
):
    other = make_user(email="=cmd@example.com", name="Olly Other")
    complete_course(learner)
    complete_course(other)
    tree.change_secrets()  # both superseded now
    learning.complete_lesson(learner, "basics-secrets")  # a second, valid one for the learner
    auth.login(hr.email)
    with client.get("/hr/certificates.zip") as response:  # closing it closes the temporary file
        assert response.status_code == 200 and response.mimetype == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert len(pdfs) == 3 and all(archive.read(name).startswith(b"%PDF") for name in pdfs)
    rows = list(csv.DictReader(io.StringIO(archive.read("certificates.csv").decode())))
    assert sorted((r["email"], r["state"]) for r in rows) == [
        ("'=cmd@example.com", "superseded"), ("lee@example.com", "superseded"), ("lee@example.com", "valid"),
    ]  # fmt: skip
    assert {r["file"] for r in rows} == set(pdfs)
    with client.get("/hr/certificates.zip?course=nothing") as response:
        only = zipfile.ZipFile(io.BytesIO(response.data))
    assert only.namelist() == ["certificates.csv"]


def test_hr_downloads_one_persons_certificates_as_a_zip(
    client, auth, make_user, hr, learner, tree, pdf_maker
):
    other = make_user(email="other@example.com")
    complete_course(learner)
    complete_course(other)
    auth.login(hr.email)
    assert f"/hr/certificates.zip?person={learner.id}" in client.get(f"/hr/people/{learner.id}").get_data(
        as_text=True
    )
    with client.get(f"/hr/certificates.zip?person={learner.id}") as response:
        assert response.headers["Content-Disposition"].endswith(f"certificates-person-{learner.id}.zip")
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    rows = list(csv.DictReader(io.StringIO(archive.read("certificates.csv").decode())))
    assert [r["email"] for r in rows] == ["lee@example.com"]
    refused = client.get("/hr/certificates.zip?person=not-a-number")  # not everyone's instead
    assert refused.status_code == 400 and "not a number" in refused.get_data(as_text=True)
