"""End a draft: publish it, or an old version (restore), as a new immutable version; or discard it."""

import dataclasses
import datetime as dt
import secrets
from functools import partial

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from training.content import export, publish, versions
from training.content.files import Problem
from training.content.reader import parse_course_text
from training.db import db
from training.editor import courses
from training.editor import drafts as editing
from training.editor import review as editing_review
from training.errors import Conflict, ValidationFailed
from training.i18n import N_
from training.models import ContentDraft, Item, User
from training.status import fingerprints, redo

REVIEWS = {
    "policy": editing_review.policy_review,
    "course": editing_review.course_review,
    "item": editing_review.item_review,
}


def _parse(where: editing.Target, text: str):
    parsed = editing.check(where, text)
    if parsed.problems:
        raise ValidationFailed(f"{len(parsed.problems)} problem(s): nothing was published.", parsed.problems)
    return parsed.value


def review_draft(user: User, kind: str, key: str) -> tuple[editing_review.Review, editing.Opened]:
    """Show what publishing the draft would change; raise ValidationFailed if it cannot be published."""
    opened = editing.open_text(kind, key)
    if opened.draft is None:
        raise ValidationFailed(N_("There is no draft to publish: edit and save one first."))
    return _review(user, opened.target, opened.text, opened.current), opened


def review_restore(
    user: User, kind: str, key: str, number: int
) -> tuple[editing_review.Review, editing.Opened]:
    """Show what publishing old version `number` again would change."""
    opened = editing.open_text(kind, key)
    text = export.published_text(editing.version_of(kind, key, number))
    return _review(user, opened.target, text, opened.current), opened


def review_text(user: User, where: editing.Target, text: str) -> editing_review.Review:
    """Show what publishing `text` would change (what an approver sees for a request)."""
    return _review(user, where, text, versions.current(where.kind, where.key))


def needs_approval(kind: str, key: str, text: str) -> bool:
    """Does publishing this text need a second editor's approval (four-eyes, editor/approval.py)?

    Only policies: when the version in force or the new text says `four_eyes: true`; when neither
    says anything, as FOUR_EYES_PUBLISHING says; not when what they say is `four_eyes: false`.
    """
    if kind != "policy":
        return False
    current = versions.current("policy", key)
    parsed = editing.check(editing.target(kind, key), text).value
    said = [(v.meta or {}).get("four_eyes") for v in (current, parsed) if v is not None]
    said = [value for value in said if value is not None]
    if said:
        return any(value is True for value in said)
    return bool(current_app.config.get("FOUR_EYES_PUBLISHING"))


def _refuse_without_approval(where: editing.Target, text: str) -> None:
    if needs_approval(where.kind, where.key, text):
        raise ValidationFailed(
            N_("This policy is published with four eyes: ask a second editor to approve it.")
        )


def publish_approved(user: User, where: editing.Target, text: str, retrain: bool, note: str, effective):
    """Publish what a second editor approved, as `user`'s version (editor/approval.py commits)."""
    return _publish(user, where, text, retrain, note, effective)


def _review(user: User, where: editing.Target, text: str, current) -> editing_review.Review:
    value = _parse(where, text)
    _refuse_unchanged(where, value, current)
    kept = publish.label_problem(current, value) if where.kind == "policy" else None
    if kept:
        raise ValidationFailed("Give the new version its own label.", [kept])
    review = REVIEWS[where.kind](where, value, current)
    if where.kind == "course":
        _require_published_items(where, value.items)
    elif where.kind == "item" and current is None:
        course = versions.current("course", where.course_id)
        review.notes.append(
            N_("This adds it to the end of the course “{title}”.").format(title=course.title) if course
            else N_("The new course is published with it.")
        )  # fmt: skip
    _who_is_affected(user, where, text, review)
    review.needs_approval = needs_approval(where.kind, where.key, text)
    return review


def _who_is_affected(user: User, where: editing.Target, text: str, review: editing_review.Review) -> None:
    """Publish in a savepoint, with and without retraining, and ask the redo list who changed."""
    publishes = [partial(_publish, user, where, text, True, "")]
    if review.retrain_matters:
        publishes.append(partial(_publish, user, where, text, False, ""))
    lists = redo.impact(*publishes)
    review.affected, review.affected_without = lists[0], lists[-1]


def _refuse_unchanged(where: editing.Target, value, current) -> None:
    if current is None:
        return
    if where.kind == "item":
        same = value.source_hash == current.source_hash
    else:
        text = export.policy_text if where.kind == "policy" else export.course_text
        same = text(value) == text(current)
    if same:
        raise ValidationFailed(
            N_("Nothing to publish: this is the same as the current version {number}.").format(
                number=current.number
            )
        )


def _require_published_items(where: editing.Target, items: list[str]) -> None:
    published = editing.course_items(where.key)[0]
    waiting = [i for i in items if i not in published]
    if not published:
        raise ValidationFailed(
            N_("A new course is published together with its first lesson or quiz: publish that.")
        )
    if waiting:
        problems = [
            Problem(where.file_name, None, f"{i!r} is still a draft; publishing it adds it") for i in waiting
        ]
        raise ValidationFailed("Publish the new items first, or take them off the list.", problems)


def publish_draft(
    user: User, kind: str, key: str, revision: str, number: int, retrain: bool, note: str,
    effective: dt.date | None = None,
):  # fmt: skip
    """Publish the draft as a new version and delete the draft, in one transaction.

    A policy takes effect on `effective`, which its kept text then says too; it must be given.
    """
    where = editing.target(kind, key)
    _require_date(where, effective)
    editing.expect_state(where, revision, number)
    draft = editing.find_draft(kind, key)
    if draft is None:
        raise ValidationFailed(N_("There is no draft to publish."))
    _refuse_without_approval(where, draft.text)
    version = _publish(user, where, draft.text, retrain, note, effective)
    db.session.delete(draft)
    db.session.commit()
    return version


def restore(
    user: User, kind: str, key: str, old_number: int, number: int, retrain: bool, note: str,
    effective: dt.date | None = None,
):  # fmt: skip
    """Publish old version `old_number` again as a new version; any draft stays as it is.

    A policy takes effect on `effective` (not the old version's date); it must be given.
    """
    where = editing.target(kind, key)
    _require_date(where, effective)
    current = versions.current(kind, key)
    if current is None or current.number != number:
        raise Conflict(N_("Another version was published after you opened this page."))
    text = export.published_text(editing.version_of(kind, key, old_number))
    _refuse_without_approval(where, text)
    version = _publish(user, where, text, retrain, note or f"Restored version {old_number}", effective)
    db.session.commit()
    return version


def _require_date(where: editing.Target, effective: dt.date | None) -> None:
    if where.kind == "policy" and effective is None:
        raise ValidationFailed(N_("Give the date this version takes effect."))


def _publish(
    user: User, where: editing.Target, text: str, retrain: bool, note: str, effective: dt.date | None = None
):
    """Publish `text`; a policy with `effective` takes effect then, else on its text's date."""
    value = _parse(where, text)
    if effective is not None and where.kind == "policy":
        value = publish.with_effective(value, effective)
    current = versions.current(where.kind, where.key)
    _refuse_unchanged(where, value, current)
    grace = {}
    try:
        if where.kind == "policy":
            version = publish.publish_policy(dataclasses.replace(value, retrain=retrain), user.email, note)
            grace = {value.id: value.grace_days} if retrain else {}
        elif where.kind == "course":
            _require_published_items(where, value.items)
            version = publish.publish_course(value, user.email, note)
        else:
            _join_course(user, where)
            version = publish.publish_item(dataclasses.replace(value, retrain=retrain), user.email, note)
        fingerprints.refresh(grace)
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            N_("Someone else published this at the same moment; reload to see their version.")
        ) from None
    return version


def _join_course(user: User, where: editing.Target) -> None:
    """Add a new item to its course's list; a new course is published with its first item."""
    if db.session.get(Item, where.key) is not None:
        return
    current = versions.current("course", where.course_id)
    draft = editing.find_draft("course", where.course_id)
    if current is not None and where.key in current.items:
        return
    if current is not None:
        base, items = current, list(current.items)
    elif draft is not None:
        base = parse_course_text(draft.text, editing.Target("course", where.course_id).file_name).value
        published = editing.course_items(where.course_id)[0]
        items = [i for i in base.items if i in published or i == where.key]
    else:
        raise ValidationFailed(N_("The course “{course}” no longer exists.").format(course=where.course_id))
    if where.key not in items:
        items.append(where.key)
    course_file = parse_course_text(
        export.course_text(base, items), f"courses/{where.course_id}/course.md"
    ).value
    version = publish.publish_course(course_file, user.email, f"Added {where.item_kind} {where.key}")
    if draft is not None:
        _keep_course_draft_listing(draft, where.key, version.number)


def _keep_course_draft_listing(draft, item_id: str, number: int) -> None:
    """The course's own draft must still list every published item; a new revision tells open forms."""
    course = parse_course_text(draft.text, f"courses/{draft.key}/course.md").value
    if item_id not in course.items:
        draft.text = export.course_text(course, [*course.items, item_id])
    if draft.text == export.course_text(versions.current("course", draft.key)):
        db.session.delete(draft)
        return
    draft.base_number = number if draft.base_number == 0 else draft.base_number
    draft.revision = secrets.token_hex(16)


def discard_draft(user: User, kind: str, key: str, revision: str, number: int) -> None:
    """Delete a draft; the published version, if any, stays as it is.

    Discarding a new course discards its new items too; discarding a new item takes it off its
    course's draft list.
    """
    where = editing.target(kind, key)
    editing.expect_state(where, revision, number)
    draft = editing.find_draft(kind, key)
    if draft is None:
        raise ValidationFailed(N_("There is no draft to discard."))
    if kind == "course" and number == 0:
        db.session.execute(
            delete(ContentDraft).where(ContentDraft.kind == "item", ContentDraft.course_id == key)
        )
    elif kind == "item" and number == 0:
        courses.drop_from_course_draft(user, where.course_id, key)
    db.session.delete(draft)
    db.session.commit()
