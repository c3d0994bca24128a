"""Typed models, one module per concept."""

from training.models.api import ApiToken, IdempotentRequest
from training.models.assignments import Assignment, DueExtension, SentReminder
from training.models.certificates import Certificate, CertificateRevocation
from training.models.content import (
    CoachRulesVersion,
    Course,
    CourseFingerprint,
    CourseStanding,
    CourseVersion,
    Item,
    ItemFingerprint,
    ItemVersion,
    Policy,
    PolicySection,
    PolicyVersion,
    WorkDone,
)
from training.models.drafts import DRAFT_KINDS, ContentDraft, PolicyApproval, PublishRequest
from training.models.evidence import Acknowledgement, EvidenceEntry
from training.models.people import ROLES, SIGNED_IN_COLUMNS, PasswordToken, Person, SignedIn, User
from training.models.progress import (
    Attempt,
    AttemptAnswer,
    AttemptResult,
    Completion,
    CourseProgress,
    DraftReply,
)
from training.models.signin import FAILURE_REASONS, EndedSession, SignInFailure
from training.models.translations import Translation
from training.models.trend import DepartmentStamp, StatusStamp, TrendWeek
from training.models.xapi import XapiLease, XapiOutbox

__all__ = [
    "DRAFT_KINDS",
    "FAILURE_REASONS",
    "ROLES",
    "SIGNED_IN_COLUMNS",
    "Acknowledgement",
    "ApiToken",
    "Assignment",
    "Certificate",
    "CertificateRevocation",
    "DueExtension",
    "EndedSession",
    "EvidenceEntry",
    "IdempotentRequest",
    "PasswordToken",
    "Person",
    "PublishRequest",
    "SentReminder",
    "SignedIn",
    "SignInFailure",
    "DepartmentStamp",
    "StatusStamp",
    "Attempt",
    "AttemptAnswer",
    "AttemptResult",
    "CoachRulesVersion",
    "Completion",
    "ContentDraft",
    "Course",
    "CourseFingerprint",
    "CourseProgress",
    "CourseStanding",
    "CourseVersion",
    "DraftReply",
    "Item",
    "ItemFingerprint",
    "ItemVersion",
    "Policy",
    "PolicyApproval",
    "PolicySection",
    "PolicyVersion",
    "Translation",
    "TrendWeek",
    "User",
    "WorkDone",
    "XapiLease",
    "XapiOutbox",
]
