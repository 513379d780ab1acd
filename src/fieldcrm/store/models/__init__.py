"""SQLModel tables (``X(table=True)``) and the validated input models (``XCreate``/``XUpdate``).

Table models do not validate; input models do, and CHECK constraints back every bound.
"""

from fieldcrm.store.models.account import Account, AccountCreate, AccountInfo, AccountUpdate
from fieldcrm.store.models.activity import (
    Activity,
    ActivityCreate,
    ActivityUpdate,
    NextStepChange,
    StepHandover,
    StepReschedule,
)
from fieldcrm.store.models.assessment import Assessment, AssessmentCreate, AssessmentFactor
from fieldcrm.store.models.events import StageEvent
from fieldcrm.store.models.forces import (
    CounterPlan,
    CounterPlanCreate,
    ForcesReview,
    ForcesReviewCreate,
    PersonChange,
)
from fieldcrm.store.models.milestones import (
    Material,
    MaterialCreate,
    MaterialFields,
    Milestone,
    MilestoneCreate,
    MilestoneFields,
)
from fieldcrm.store.models.person import LadderEvent, Person, PersonCreate, PersonUpdate
from fieldcrm.store.models.plan import PlanTask, PlanTaskCreate
from fieldcrm.store.models.requests import Answer, RequestCreate, RequestKind, SupportRequest
from fieldcrm.store.models.settings import Setting
from fieldcrm.store.models.simulation import SimReason, SimReasonCreate
from fieldcrm.store.models.sync import Outbox, TeamLink, TeamMember

__all__ = [
    "Account",
    "AccountCreate",
    "AccountInfo",
    "AccountUpdate",
    "Activity",
    "ActivityCreate",
    "ActivityUpdate",
    "Answer",
    "Assessment",
    "AssessmentCreate",
    "AssessmentFactor",
    "CounterPlan",
    "CounterPlanCreate",
    "ForcesReview",
    "ForcesReviewCreate",
    "LadderEvent",
    "Material",
    "MaterialCreate",
    "MaterialFields",
    "Milestone",
    "MilestoneCreate",
    "MilestoneFields",
    "NextStepChange",
    "Outbox",
    "Person",
    "PersonChange",
    "PersonCreate",
    "PersonUpdate",
    "PlanTask",
    "PlanTaskCreate",
    "RequestCreate",
    "RequestKind",
    "Setting",
    "SimReason",
    "SimReasonCreate",
    "StageEvent",
    "StepHandover",
    "StepReschedule",
    "SupportRequest",
    "TeamLink",
    "TeamMember",
]
