"""Saving assessments, reading the history, and re-grading after the settings change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event, text

from fieldcrm import clock
from fieldcrm.domain.scoring import DEFAULT_WEIGHTS, FACTORS, Grade, Thresholds, assess
from fieldcrm.store.accounts import create_account
from fieldcrm.store.assessments import history, latest, regrade_plan, save_assessment, save_settings
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import AccountCreate, AssessmentCreate
from fieldcrm.store.settings import ScoringSettings, load_scoring, save_scoring

TODAY = date(2026, 11, 27)
EXAMPLE = {"A": 4, "B": 3, "C": 2, "D": 5, "E": 2, "F": 4, "G": 3}  # docs/scoring.md: A, 73.8
MIDDLE = dict.fromkeys(FACTORS, 3)  # C, 50
VALUE_HEAVY = ScoringSettings({"A": 40, "B": 10, "C": 10, "D": 10, "E": 10, "F": 10, "G": 10})


@pytest.fixture(autouse=True)
def frozen(freeze_clock: Callable[[date], None]) -> None:
    freeze_clock(TODAY)


def new_account(engine: Engine, name: str = "Acme") -> int:
    account = create_account(engine, AccountCreate(name=name))
    assert account.id is not None
    return account.id


def score(engine: Engine, account_id: int, scores: dict[str, int | None], **notes: str) -> None:
    save_assessment(engine, AssessmentCreate(account_id=account_id, scores=scores, notes=notes))


def rows(engine: Engine, sql: str, **params: object) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def test_saving_records_the_factors_and_grades_the_account(engine: Engine) -> None:
    account_id = new_account(engine)
    clock.freeze(datetime(2026, 11, 27, 14, 30))
    assessment_id, result = save_assessment(
        engine,
        AssessmentCreate(
            account_id=account_id, scores=EXAMPLE, notes={"A": "They buy 40% elsewhere", "B": ""}
        ),
    )
    assert (result.grade, result.total) == (Grade.A, 73.8)
    assert rows(engine, "SELECT account_id, value, difficulty, total, grade, created_at FROM assessment") == [
        (account_id, 87.5, 35.4, 73.8, "A", "2026-11-27 14:30:00.000000")
    ]
    factors = rows(
        engine,
        "SELECT factor, score, weight, note FROM assessment_factor WHERE assessment_id = :i ORDER BY factor",
        i=assessment_id,
    )
    assert factors == [
        (f, EXAMPLE[f], DEFAULT_WEIGHTS[f], "They buy 40% elsewhere" if f == "A" else None) for f in FACTORS
    ]
    assert rows(engine, "SELECT grade, score, updated_at FROM account") == [
        ("A", 73.8, "2026-11-27 14:30:00.000000")
    ]


def test_insufficient_information_is_recorded_without_a_grade(engine: Engine) -> None:
    account_id = new_account(engine)
    score(engine, account_id, EXAMPLE)
    _, result = save_assessment(
        engine, AssessmentCreate(account_id=account_id, scores={**EXAMPLE, "B": None, "C": None, "E": None})
    )
    assert result.insufficient
    assert rows(engine, "SELECT grade, total FROM assessment ORDER BY id") == [("A", 73.8), (None, None)]
    assert rows(engine, "SELECT count(*) FROM assessment_factor WHERE score IS NULL") == [(3,)]
    assert rows(engine, "SELECT grade, score FROM account") == [(None, None)]


def test_saving_uses_the_stored_weights(engine: Engine) -> None:
    account_id = new_account(engine)
    save_scoring(engine, VALUE_HEAVY)
    _, result = save_assessment(engine, AssessmentCreate(account_id=account_id, scores=EXAMPLE))
    assert result.value == 80.0  # (40 x 0.75 + 10 x 1) / 50
    assert rows(engine, "SELECT factor, weight FROM assessment_factor ORDER BY factor") == list(
        VALUE_HEAVY.weights.items()
    )


def test_a_missing_account_is_reported(engine: Engine) -> None:
    with pytest.raises(AccountGone):
        score(engine, 999, EXAMPLE)
    assert rows(engine, "SELECT count(*) FROM assessment") == [(0,)]


def test_history_is_newest_first_with_scores_weights_and_notes(engine: Engine) -> None:
    account_id = new_account(engine)
    other = new_account(engine, "Other")
    clock.freeze(datetime(2026, 11, 1, 9, 0))
    score(engine, account_id, MIDDLE, C="Unsure")
    clock.freeze(datetime(2026, 11, 20, 9, 0))
    score(engine, account_id, EXAMPLE)
    score(engine, other, EXAMPLE)
    past = history(engine, account_id)
    assert [(r.created_at.day, r.grade) for r in past] == [(20, "A"), (1, "C")]
    assert past[1].scores == MIDDLE and past[1].notes == {"C": "Unsure"}
    assert past[0].weights == DEFAULT_WEIGHTS
    newest = latest(engine, account_id)
    assert newest is not None and newest.scores == EXAMPLE
    assert latest(engine, new_account(engine, "Never scored")) is None


def test_a_backdated_assessment_is_not_the_latest(engine: Engine) -> None:
    account_id = new_account(engine)
    score(engine, account_id, EXAMPLE)
    with engine.begin() as conn:  # written later, dated earlier (as imports and demo data do)
        conn.execute(
            text(
                "INSERT INTO assessment (account_id, created_at, grade) "
                "VALUES (:a, '2020-01-01 09:00:00.000000', 'D')"
            ),
            {"a": account_id},
        )
    newest = latest(engine, account_id)
    assert newest is not None and newest.grade == "A"


# -- re-grading -----------------------------------------------------------------------------


@pytest.fixture
def scored(engine: Engine) -> dict[str, int]:
    """Three scored accounts and one never scored; what VALUE_HEAVY does to each is noted."""
    ids = {name: new_account(engine, name) for name in ("example", "middle", "share", "never")}
    score(engine, ids["example"], EXAMPLE, A="Big share")  # A 73.8 -> A 72.5: score only
    score(engine, ids["middle"], MIDDLE)  # C 50 -> C 50: unchanged
    score(engine, ids["share"], {**MIDDLE, "A": 5, "D": 2})  # C 55 -> A 67.5
    return ids


def test_plan_counts_grade_and_score_changes(engine: Engine, scored: dict[str, int]) -> None:
    plan = regrade_plan(engine, VALUE_HEAVY)
    changed = {c.account_id: (c.old_grade, c.result.grade, c.result.total) for c in plan.changes}
    assert changed == {scored["example"]: ("A", Grade.A, 72.5), scored["share"]: ("C", Grade.A, 67.5)}
    assert (plan.grade_changes, plan.score_changes) == (1, 1)
    assert plan.moves() == {("C", "A"): 1}
    assert regrade_plan(engine, ScoringSettings()).changes == []


def test_plan_compares_with_what_the_account_shows(engine: Engine, scored: dict[str, int]) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE account SET grade = 'D', score = 10 WHERE id = :i"), {"i": scored["middle"]}
        )
    plan = regrade_plan(engine, ScoringSettings())
    assert [(c.account_id, c.old_grade, c.result.grade) for c in plan.changes] == [
        (scored["middle"], "D", Grade.C)
    ]


def test_regrading_adds_honest_assessments(engine: Engine, scored: dict[str, int]) -> None:
    clock.freeze(datetime(2026, 11, 28, 10, 0))
    assert save_settings(engine, VALUE_HEAVY, regrade=True, note="weights changed") == 2
    assert load_scoring(engine) == VALUE_HEAVY
    assert rows(engine, "SELECT name, grade, score FROM account ORDER BY name") == [
        ("example", "A", 72.5),
        ("middle", "C", 50.0),
        ("never", None, None),
        ("share", "A", 67.5),
    ]
    example = history(engine, scored["example"])
    assert [(r.grade, r.total, r.note) for r in example] == [
        ("A", 72.5, "weights changed"),
        ("A", 73.8, None),
    ]
    assert example[0].scores == EXAMPLE and example[0].notes == {"A": "Big share"}
    assert example[0].weights == VALUE_HEAVY.weights
    assert example[1].weights == DEFAULT_WEIGHTS  # the old one is left as it was scored
    assert len(history(engine, scored["middle"])) == 1
    assert rows(engine, "SELECT count(*) FROM assessment_factor") == [(5 * 7,)]


def test_saving_without_regrading_keeps_the_grades(engine: Engine, scored: dict[str, int]) -> None:
    assert save_settings(engine, VALUE_HEAVY, regrade=False) == 0
    assert load_scoring(engine) == VALUE_HEAVY
    assert rows(engine, "SELECT count(*) FROM assessment") == [(3,)]
    assert rows(engine, "SELECT grade FROM account WHERE id = :i", i=scored["share"]) == [("C",)]


def test_thresholds_alone_can_regrade(engine: Engine, scored: dict[str, int]) -> None:
    strict = ScoringSettings(thresholds=Thresholds(value_high=90))
    assert save_settings(engine, strict, regrade=True) == 1
    assert rows(engine, "SELECT grade, score FROM account WHERE id = :i", i=scored["example"]) == [
        ("C", 73.8)
    ]


def test_regrading_runs_the_same_statements_for_any_number_of_accounts(engine: Engine) -> None:
    """Set-based: no statement per account, so 100,000 accounts cost no more round trips."""

    def statements_for(count: int) -> int:
        for i in range(count):
            score(engine, new_account(engine, f"Account {count}-{i}"), {**MIDDLE, "A": 1 + i % 5})
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        save_scoring(engine, ScoringSettings())  # the setting rows exist: their writes match too
        event.listen(engine, "before_cursor_execute", listener)
        try:
            regraded = save_settings(engine, VALUE_HEAVY, regrade=True)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        save_settings(engine, ScoringSettings(), regrade=True)
        assert regraded >= count * 4 // 5
        return len(seen)

    assert statements_for(5) == statements_for(60)


score_sets = st.fixed_dictionaries({f: st.one_of(st.none(), st.integers(1, 5)) for f in FACTORS})
shuffled_weights = st.permutations(list(DEFAULT_WEIGHTS.values())).map(
    lambda w: dict(zip(FACTORS, w, strict=True))
)
limits = st.sampled_from(
    [
        Thresholds(),
        Thresholds(value_high=90, difficulty_ok=20),
        Thresholds(value_high=50, value_low=20, difficulty_ok=60, difficulty_max=90),
    ]
)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(score_sets, min_size=1, max_size=5), shuffled_weights, limits)
def test_regrading_agrees_with_the_domain(
    engine: Engine, scored_sets: list[dict[str, int | None]], weights: dict[str, int], thresholds: Thresholds
) -> None:
    """After re-grading, every account shows what assess() gives its newest scores."""
    ids = [new_account(engine) for _ in scored_sets]
    for account_id, scores in zip(ids, scored_sets, strict=True):
        score(engine, account_id, scores)
    save_settings(engine, ScoringSettings(weights, thresholds), regrade=True)
    for account_id, scores in zip(ids, scored_sets, strict=True):
        expected = assess(scores, weights, thresholds)
        grade = expected.grade.value if expected.grade else None
        assert rows(engine, "SELECT grade, score FROM account WHERE id = :i", i=account_id) == [
            (grade, expected.total)
        ]
        newest = latest(engine, account_id)
        assert newest is not None and newest.scores == scores
        assert (newest.grade, newest.total) == (grade, expected.total)
        if len(history(engine, account_id)) == 2:  # re-graded: the new weights are recorded
            assert newest.weights == weights
