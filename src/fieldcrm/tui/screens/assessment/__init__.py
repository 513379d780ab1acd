"""Stage 3, value assessment (价值评估): the scoring form, its history, weights, and the plan.

Open them through ``localized``: ``localized(ScoringScreen)(engine, account_id)`` and
``localized(PlanScreen)(engine, account_id)`` dismiss with True when they saved something.
"""

from fieldcrm.tui.screens.assessment.plan import PlanScreen
from fieldcrm.tui.screens.assessment.scoring import ScoringScreen
from fieldcrm.tui.screens.assessment.weights import WeightsScreen

__all__ = ["PlanScreen", "ScoringScreen", "WeightsScreen"]
