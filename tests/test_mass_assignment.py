"""Extra form fields never change roles or owners (issue 11).

Every form that writes a person or a record someone owns is posted with its normal fields plus
hostile extras: a role, an admin flag, another person's id, email and department, owner columns and
a session version. The whole database is read before and after, and the test shows that nothing
but the intended change happened: the same tables, the same rows, the same columns, and every new
row owned by the person who sent the form.
"""

import shutil

import pytest
from sqlalchemy import func, select

from tests.conftest import BUNDLED_CONTENT, FIXTURES, PASSWORD
from tests.editor.test_editor_drafts import opened_state, page_text
from tests.editor.test_editor_four_eyes import draft_policy
from tests.learning.test_drafts import DRAFT_QUIZ, GOOD
from tests.smtp import smtp_fixture  # noqa: F401 - fixture
from tests.status.test_extensions import EXTENSION
from tests.test_route_roles import cookie_client  # noqa: F401 - each request made as its cookie says
from training.accounts import invites, setup
from training.db import db
from training.editor import library as content_library
from training.learning import attempts
from training.models import Assignment, Attempt, PolicyApproval, PublishRequest, User

NEW_PASSWORD = "a new and much longer passphrase"


CONFIRM = {"confirm": "yes"}  # what the deactivation's confirmation page sends


def hostile(other: User) -> dict:
    """Fields no form has, naming another person, a higher role or a chosen owner."""
    return {
        "roles": "admin",
        "role": "admin",
        "is_admin": "1",
        "admin": "1",
        "active": "0",
        "id": str(other.id),
        "user_id": str(other.id),
        "owner_id": str(other.id),
        "created_by": str(other.id),
        "removed_by": str(other.id),
        "requested_by": str(other.id),
        "author": other.email,
        "updated_by": other.email,
        "email": other.email,
        "name": "Someone Else",
        "department": "Board",
        "manager_email": other.email,
        "session_version": "1",
        "password_hash": "$argon2id$v=19$m=8,t=1,p=1$forged",
    }


# Rewritten by the database itself with any change the status query reads (migrations 0027, 0030).
KEPT_BY_TRIGGERS = {"status_stamp", "department_stamp"}


def snapshot() -> dict[str, dict[tuple, dict]]:
    """Every row of every table, by primary key."""
    db.session.rollback()  # read what the requests committed, not what this session remembers
    tables = {}
    for table in db.metadata.sorted_tables:
        if table.name in KEPT_BY_TRIGGERS:
            continue
        keys = [column.name for column in table.primary_key.columns]
        rows = db.session.execute(select(table)).mappings()
        tables[table.name] = {tuple(row[k] for k in keys): dict(row) for row in rows}
    return tables


def changes(before: dict) -> dict[str, dict]:
    """What changed since `before`, per table: rows added, keys removed, columns changed per key."""
    after, found = snapshot(), {}
    for name, rows in after.items():
        old = before[name]
        added = [row for key, row in rows.items() if key not in old]
        removed = [key for key in old if key not in rows]
        changed = {
            key[0] if len(key) == 1 else key: {c for c in row if row[c] != old[key][c]}
            for key, row in rows.items()
            if key in old and row != old[key]
        }
        if added or removed or changed:
            found[name] = {"added": added, "removed": removed, "changed": changed}
    return found


def added(found: dict, table: str) -> list[dict]:
    """The rows added to `table`; fails if any row there was changed or removed."""
    assert found[table]["changed"] == {} and found[table]["removed"] == [], found[table]
    return found[table]["added"]


@pytest.fixture
def other(make_user, library):
    return make_user(email="other@example.com", name="Otto Other", roles="employee", department="Sales")


@pytest.fixture
def sign_in(client, make_user, library):
    def sign_in(roles: str, email: str = "actor@example.com") -> User:
        user = make_user(email=email, name="Ada Actor", roles=roles, department="People")
        assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        return user

    return sign_in


# A person's own account


def test_changing_ones_password_changes_nothing_else(client, sign_in, other):
    actor = sign_in("employee")
    before = snapshot()
    form = hostile(other) | {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post("/account/", data=form).status_code == 302
    found = changes(before)
    assert set(found) <= {"user_account", "ended_session"}
    assert found["user_account"]["added"] == found["user_account"]["removed"] == []
    assert found["user_account"]["changed"] == {actor.id: {"password_hash", "session_version"}}
    assert all(row["user_id"] == actor.id for row in found.get("ended_session", {"added": []})["added"])


def test_signing_out_everywhere_ends_only_ones_own_sessions(client, sign_in, other):
    actor = sign_in("employee")
    before = snapshot()
    assert client.post("/account/sign-out-everywhere", data=hostile(other)).status_code == 302
    found = changes(before)
    assert set(found) <= {"user_account", "ended_session"}
    assert found["user_account"]["changed"] == {actor.id: {"session_version"}}


def test_signing_in_with_extra_fields_changes_no_one(client, make_user, other):
    actor = make_user(email="actor@example.com")
    before = snapshot()
    form = hostile(other) | {"email": actor.email, "password": PASSWORD}
    assert client.post("/login", data=form).status_code == 302
    assert changes(before) == {}
    assert client.get("/hr/").status_code == 403


def test_a_password_link_sets_only_its_owners_password(client, app, other):
    invited = User(email="nia@example.com", name="Nia New", department="Sales")
    db.session.add(invited)
    db.session.commit()
    _, token = invites.issue(invited.id, "invite")
    db.session.commit()
    before = snapshot()
    form = hostile(other) | {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(f"/password/{token}", data=form).status_code == 302
    found = changes(before)
    assert set(found) == {"user_account", "password_token"}
    assert found["user_account"]["changed"] == {invited.id: {"password_hash", "session_version"}}
    [used] = found["password_token"]["changed"].values()
    assert used == {"used_at"}
    assert db.session.get(User, invited.id).roles == "employee"


def test_first_setup_makes_one_admin_with_the_given_name_only(client, app):
    token = setup.issue_token(app.instance_path)
    other = User(id=77, email="other@example.com", name="Otto Other")  # never stored: only its fields
    form = hostile(other) | {
        "name": "Ada Admin", "email": "ada@example.com", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }  # fmt: skip
    assert client.post(f"/setup/{token}", data=form).status_code == 302
    [ada] = db.session.scalars(select(User)).all()
    assert (ada.email, ada.name, ada.roles, ada.department, ada.manager_email) == (
        "ada@example.com", "Ada Admin", "admin editor employee hr", "", "",
    )  # fmt: skip
    assert ada.id != 77 and ada.active and ada.session_version == 1


# HR's forms


def test_deactivating_changes_only_that_person(client, sign_in, other, make_user):
    actor = sign_in("hr")
    target = make_user(email="target@example.com", department="Legal")
    before = snapshot()
    assert client.post(f"/hr/people/{target.id}/deactivate", data=hostile(other) | CONFIRM).status_code == 302
    found = changes(before)
    assert set(found) <= {"user_account", "evidence_entry"}
    assert found["user_account"]["changed"] == {target.id: {"active", "deactivated_at", "session_version"}}
    before = snapshot()
    assert client.post(f"/hr/people/{target.id}/reactivate", data=hostile(other)).status_code == 302
    found = changes(before)
    assert set(found["user_account"]["changed"]) == {target.id}
    assert "roles" not in found["user_account"]["changed"][target.id]
    assert db.session.get(User, actor.id).roles == "employee hr"


def test_an_extension_is_for_the_person_in_the_address_and_granted_by_hr(client, sign_in, other, make_user):
    actor = sign_in("hr")
    target = make_user(email="target@example.com", department="Legal")
    before = snapshot()
    response = client.post(f"/hr/people/{target.id}/extensions", data=hostile(other) | EXTENSION)
    assert response.status_code == 302
    found = changes(before)
    assert "user_account" not in found
    [extension] = added(found, "due_extension")
    assert (extension["user_id"], extension["created_by"]) == (target.id, actor.id)
    assert extension["due_date"].isoformat() == EXTENSION["extension-due_date"]


def test_an_assignment_is_for_the_people_named_and_by_the_signed_in_hr(client, sign_in, other, make_user):
    actor = sign_in("hr")
    target = make_user(email="target@example.com", department="Legal")
    before = snapshot()
    form = hostile(other) | {
        "course": "basics", "scope": "person", "emails": target.email, "due_kind": "days", "due_days": "9",
    }  # fmt: skip
    assert client.post("/hr/assignments", data=form).status_code == 302
    found = changes(before)
    assert "user_account" not in found
    [assignment] = added(found, "assignment")
    owners = (assignment["user_id"], assignment["created_by"], assignment["removed_by"])
    assert owners == (target.id, actor.id, None)
    assert (assignment["course_id"], assignment["department"]) == ("basics", None)

    before = snapshot()
    response = client.post(f"/hr/assignments/{assignment['id']}/remove", data=hostile(other))
    assert response.status_code == 302
    found = changes(before)
    assert set(found) == {"assignment"}
    assert found["assignment"]["changed"] == {assignment["id"]: {"removed_at", "removed_by"}}
    assert db.session.get(Assignment, assignment["id"]).removed_by == actor.id


def test_an_invitation_goes_to_the_person_ticked_and_changes_no_role(client, sign_in, other, smtp):
    sign_in("hr")
    invited = User(email="nia@example.com", name="Nia New", department="Sales")
    db.session.add(invited)
    db.session.commit()
    before = snapshot()
    form = hostile(other) | {"scope": "selected", "people": [str(invited.id)]}
    assert client.post("/hr/invitations", data=form).status_code == 302
    found = changes(before)
    assert "user_account" not in found
    [token] = added(found, "password_token")
    assert (token["user_id"], token["purpose"]) == (invited.id, "invite")
    assert smtp.recipients == ["nia@example.com"]


def test_the_people_import_ignores_columns_it_does_not_know(runner, other, tmp_path):
    before = snapshot()
    csv = tmp_path / "people.csv"
    csv.write_text(
        "email,name,department,manager_email,role,id,password_hash,session_version,active,is_admin\n"
        f"new@example.com,Nia New,Sales,,employee,{other.id},$argon2id$forged,1,0,1\n"
        f"other@example.com,Otto Other,Sales,,employee,999,$argon2id$forged,1,0,1\n"
    )
    result = runner.invoke(args=["users", "import", str(csv)])
    assert result.exit_code == 0, result.output
    assert "1 created, 0 updated, 1 unchanged" in result.output
    found = changes(before)
    assert set(found) == {"user_account"}
    [new] = added(found, "user_account")
    assert new["id"] != other.id and new["password_hash"] is None
    assert (new["roles"], new["active"], new["session_version"]) == ("employee", True, 1)


# What a learner writes


def test_quiz_attempts_and_answers_belong_to_the_person_playing(client, sign_in, other):
    actor = sign_in("employee")
    theirs = attempts.start_attempt(other, "basics-quiz", "theirs")
    before = snapshot()
    start = client.post("/quizzes/basics-quiz/start", data=hostile(other) | {"token": "mine"})
    assert start.status_code == 302
    attempt = start.headers["Location"]
    extras = hostile(other) | {"attempt_id": str(theirs.id)}
    assert client.post(attempt, data=extras | {"step_id": "first", "choice": "kind"}).status_code == 303
    found = changes(before)
    assert "user_account" not in found
    [mine] = added(found, "attempt")
    assert mine["user_id"] == actor.id and f"/attempts/{mine['id']}" == attempt
    [answer] = added(found, "attempt_answer")
    assert (answer["attempt_id"], answer["step_id"]) == (mine["id"], "first")
    owners = {row["user_id"] for table in found.values() for row in table["added"] if "user_id" in row}
    assert owners == {actor.id}
    assert db.session.scalars(select(Attempt.user_id).where(Attempt.id == theirs.id)).one() == other.id


def test_reading_a_lesson_and_acknowledging_a_policy_are_recorded_for_oneself(client, sign_in, other):
    actor = sign_in("employee")
    before = snapshot()
    assert client.post("/lessons/basics-reading/complete", data=hostile(other)).status_code == 302
    version = client.get("/policies/demo").get_data(as_text=True)
    version_id = version.split('name="version_id" type="hidden" value="')[1].split('"')[0]
    form = hostile(other) | {"version_id": version_id, "confirm": "y"}
    assert client.post("/policies/demo/acknowledge", data=form).status_code == 302
    found = changes(before)
    assert "user_account" not in found
    new_rows = [row for table in found.values() for row in table["added"]]
    assert {"completion", "acknowledgement"} <= set(found)
    owners = {row["user_id"] for row in new_rows if "user_id" in row}
    assert owners == {actor.id}


def test_a_coached_reply_is_kept_on_the_writers_own_attempt(app, client, make_user, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    shutil.copy(BUNDLED_CONTENT / "coach.yaml", root / "coach.yaml")
    shutil.copy(BUNDLED_CONTENT / "policies" / "social-media.md", root / "policies" / "social-media.md")
    (root / "courses" / "basics" / "basics-quiz.quiz.yaml").write_text(DRAFT_QUIZ)
    app.config["CONTENT_DIR"] = str(root)
    content_library.import_directory(root)
    other = make_user(email="other@example.com", name="Otto Other")
    actor = make_user(email="writer@example.com")
    client.post("/login", data={"email": actor.email, "password": PASSWORD})
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "w"}).headers["Location"]
    client.post(attempt, data={"step_id": "pick", "choice": "good"})
    before = snapshot()
    form = hostile(other) | {"step_id": "write", "revision": "1", "reply": GOOD}
    assert client.post(f"{attempt}/draft", data=form).status_code == 303
    found = changes(before)
    assert "user_account" not in found
    [reply] = added(found, "draft_reply")
    assert f"/attempts/{reply['attempt_id']}" == attempt and reply["text"] == GOOD
    owner = db.session.scalar(select(Attempt.user_id).where(Attempt.id == reply["attempt_id"]))
    assert owner == actor.id


# What an editor writes


def test_a_draft_and_its_version_carry_the_signed_in_editors_name(client, sign_in, other):
    editor = sign_in("editor")
    url = "/editor/items/basics-secrets/edit"
    text = page_text(client, url) + "\nOne more line.\n"
    before = snapshot()
    form = hostile(other) | opened_state(client, url) | {"text": text, "save": "1"}
    assert client.post(url, data=form).status_code == 302
    found = changes(before)
    assert set(found) == {"content_draft"}
    [draft] = added(found, "content_draft")
    assert (draft["created_by"], draft["updated_by"]) == (editor.email, editor.email)

    before = snapshot()
    form = hostile(other) | opened_state(client, url) | {"retrain": "no", "note": "one line more"}
    assert client.post("/editor/items/basics-secrets/publish", data=form).status_code == 302
    found = changes(before)
    assert "user_account" not in found
    [version] = added(found, "item_version")
    assert version["author"] == editor.email
    assert db.session.get(User, editor.id).roles == "editor employee"


def test_four_eyes_names_the_editors_who_asked_and_approved_not_the_form(client, sign_in, make_user):
    ann = sign_in("editor", "ann@example.com")
    bo = make_user(email="bo@example.com", name="Bo Approver", roles="editor")
    draft_policy(client)
    extras = hostile(bo) | {"requested_by": str(bo.id), "approved_by": str(bo.id), "decided_by": str(bo.id)}
    form = extras | opened_state(client, "/editor/policies/demo/edit")
    form |= {"retrain": "yes", "note": "emails", "effective": "2027-01-15"}
    assert client.post("/editor/policies/demo/publish", data=form).status_code == 302
    [request] = db.session.scalars(select(PublishRequest)).all()
    assert (request.requested_by, request.outcome, request.decided_by) == (ann.id, None, None)
    # Ann cannot approve her own request by naming Bo in the form.
    client.post(f"/editor/approvals/{request.id}/approve", data=extras)
    assert db.session.scalar(select(func.count()).select_from(PolicyApproval)) == 0

    client.post("/logout")
    client.post("/login", data={"email": bo.email, "password": PASSWORD})
    before = snapshot()
    extras = hostile(ann) | {"requested_by": bo.id, "approved_by": ann.id, "decided_by": ann.id}
    assert client.post(f"/editor/approvals/{request.id}/approve", data=extras).status_code == 302
    found = changes(before)
    assert "user_account" not in found
    [approval] = added(found, "policy_approval")
    assert (approval["requested_by"], approval["approved_by"]) == (ann.id, bo.id)
    assert found["publish_request"]["changed"] == {request.id: {"outcome", "decided_by", "decided_at"}}
    assert db.session.get(PublishRequest, request.id).decided_by == bo.id
    [version] = added(found, "policy_version")
    assert (version["author"], version["approved_by"]) == (ann.email, bo.email)
