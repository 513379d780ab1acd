"""Decision-maker profiles (关键决策人): the ten fields, completeness and birthdays."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

PROFILE_FIELDS: tuple[str, ...] = (
    "hometown",
    "age",
    "birthday",
    "interests",
    "hobbies",
    "tenure",
    "authority",
    "personality",
    "working_style",
    "family",
)

PROFILE_NAMES: dict[str, tuple[str, str]] = {
    "hometown": ("Hometown", "籍贯"),
    "age": ("Age", "年龄"),
    "birthday": ("Birthday", "生日"),
    "interests": ("Interests", "兴趣"),
    "hobbies": ("Hobbies", "爱好"),
    "tenure": ("Tenure at the company", "在该企业时间"),
    "authority": ("Authority", "权限大小"),
    "personality": ("Personality", "性格"),
    "working_style": ("Working style", "做事风格"),
    "family": ("Family", "家庭情况"),
}

# Personal fields stay on the machine unless the user asks to export them.
PERSONAL_FIELDS: tuple[str, ...] = (
    "birthday",
    "age",
    "hometown",
    "family",
    "personality",
    "interests",
    "hobbies",
    "working_style",
)


def _filled(v: object) -> bool:
    return v is not None and (not isinstance(v, str) or v.strip() != "")


def completeness(profile: Mapping[str, object]) -> int:
    """Share of the ten profile fields filled, as a whole percent 0-100."""
    filled = sum(1 for f in PROFILE_FIELDS if _filled(profile.get(f)))
    return round(100 * filled / len(PROFILE_FIELDS))


def missing_fields(profile: Mapping[str, object]) -> tuple[str, ...]:
    return tuple(f for f in PROFILE_FIELDS if not _filled(profile.get(f)))


class InvalidBirthday(ValueError):
    """A birthday is MM-DD or YYYY-MM-DD and must be a real day."""


@dataclass(frozen=True, slots=True)
class Birthday:
    """Month and day, with an optional year (people often share one without the other)."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise InvalidBirthday("birthday.month")
        if self.year is not None and not 1900 <= self.year <= 2100:
            raise InvalidBirthday("birthday.year")
        # Without a year, 29 February is allowed (a leap-year birthday).
        year = self.year if self.year is not None else 2000
        if not 1 <= self.day <= calendar.monthrange(year, self.month)[1]:
            raise InvalidBirthday("birthday.day")

    @classmethod
    def parse(cls, text: str) -> Birthday:
        """Accept MM-DD, YYYY-MM-DD, with '-', '/' or '.' between the parts."""
        parts = text.strip().replace("/", "-").replace(".", "-").split("-")
        try:
            nums = [int(p) for p in parts]
        except ValueError:
            raise InvalidBirthday("birthday.format") from None
        if len(nums) == 2:
            return cls(nums[0], nums[1])
        if len(nums) == 3 and len(parts[0]) == 4:
            return cls(nums[1], nums[2], nums[0])
        raise InvalidBirthday("birthday.format")

    def __str__(self) -> str:
        md = f"{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{md}" if self.year else md

    def next_after(self, today: date) -> date:
        """The next birthday on or after ``today`` (29 February falls on 28 February off leap years)."""
        for year in (today.year, today.year + 1):
            day = min(self.day, calendar.monthrange(year, self.month)[1])
            candidate = date(year, self.month, day)
            if candidate >= today:
                return candidate
        raise AssertionError("unreachable")

    def days_until(self, today: date) -> int:
        return (self.next_after(today) - today).days

    def age_on(self, today: date) -> int | None:
        if self.year is None:
            return None
        had = (today.month, today.day) >= (self.month, self.day)
        return today.year - self.year - (0 if had else 1)
