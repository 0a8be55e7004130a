"""Engine models, one module per concern. Import from here."""

from .cases import AuditHead, Ballot, Case, CaseEvent, Delegation, Notification, Sequence, WorkItem
from .definitions import DefinitionVersion, ProcessDefinition
from .org import OrgUnit, RoleAssignment, User
from .reference import Holiday, ReferenceItem, ReferenceList

__all__ = [
    "AuditHead",
    "Ballot",
    "Case",
    "CaseEvent",
    "DefinitionVersion",
    "Delegation",
    "Holiday",
    "Notification",
    "OrgUnit",
    "ProcessDefinition",
    "ReferenceItem",
    "ReferenceList",
    "RoleAssignment",
    "Sequence",
    "User",
    "WorkItem",
]
