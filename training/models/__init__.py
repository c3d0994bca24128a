"""Typed models, one module per area."""

from training.models.content import (
    Course,
    CourseFingerprint,
    CourseVersion,
    Item,
    ItemFingerprint,
    ItemVersion,
    Policy,
    PolicySection,
    PolicyVersion,
)
from training.models.evidence import Acknowledgement
from training.models.people import ROLES, User
from training.models.progress import Attempt, AttemptAnswer, AttemptResult, Completion, CourseProgress

__all__ = [
    "ROLES",
    "Acknowledgement",
    "Attempt",
    "AttemptAnswer",
    "AttemptResult",
    "Completion",
    "Course",
    "CourseFingerprint",
    "CourseProgress",
    "CourseVersion",
    "Item",
    "ItemFingerprint",
    "ItemVersion",
    "Policy",
    "PolicySection",
    "PolicyVersion",
    "User",
]
