"""The calendar export (RFC 5545, written with the icalendar library): every open next step and
plan step of the active accounts as an event with an alarm, so Apple Calendar, Google
Calendar, Outlook and Thunderbird remind the rep when fieldcrm is closed.

Each event's UID names the row it comes from (``step-12@fieldcrm``), so importing a newer
export updates the events instead of adding them twice. A step set at a time of day lasts
half an hour and rings 15 minutes before; a step for a day is an all-day event that rings at
09:00 that day. Birthdays (yearly, all-day) are personal data: only with ``include_personal``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from fieldcrm import clock
from fieldcrm.domain.profile import Birthday, InvalidBirthday
from fieldcrm.i18n import stage_name, t_in
from fieldcrm.store.calendar_queries import CalendarItem

TIMED_MINUTES = 30  # how long a step set at a time of day lasts
TIMED_ALARM = timedelta(minutes=-15)
DAY_ALARM = timedelta(hours=9)  # all-day events ring at 09:00 on the day
UID_DOMAIN = "fieldcrm"


def calendar_bytes(items: Iterable[CalendarItem], lang: str) -> tuple[bytes, int]:
    """The .ics file of ``items`` and how many events it holds."""
    cal = Calendar()
    cal.add("prodid", "-//fieldcrm//fieldcrm//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t_in(lang, "calendar.name"))
    stamp = clock.now().replace(microsecond=0)
    count = 0
    for item in items:
        event = _event(item, lang, stamp)
        if event is not None:
            cal.add_component(event)
            count += 1
    return cal.to_ical(), count


def _event(item: CalendarItem, lang: str, stamp: datetime) -> Event | None:
    event = Event()
    event.add("uid", f"{item.kind}-{item.ref}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    stage = f"{item.stage}. {stage_name(item.stage, lang)}"
    event.add("categories", [stage])
    lines = [t_in(lang, "calendar.account", account=item.account), t_in(lang, "calendar.stage", stage=stage)]
    if item.kind == "birthday":
        return _birthday(event, item, lang, lines)
    assert item.day is not None
    summary = t_in(lang, f"calendar.{item.kind}", title=item.title, account=item.account)
    if item.kind == "step" and item.owner:
        summary += " " + t_in(lang, "calendar.handed", owner=item.owner)
    event.add("summary", summary)
    if item.person:
        lines.append(t_in(lang, "calendar.person", person=item.person))
    if item.owner:
        lines.append(t_in(lang, f"calendar.owner_{item.kind}", owner=item.owner))
    if item.detail:
        lines.append(t_in(lang, f"calendar.detail_{item.kind}", detail=item.detail))
    event.add("description", "\n".join(lines))
    if item.time:
        hour, minute = (int(p) for p in item.time.split(":"))
        start = datetime.combine(item.day, time(hour, minute))  # floating: the rep's own time
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=TIMED_MINUTES))
        trigger = TIMED_ALARM
    else:
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        trigger = DAY_ALARM
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(summary, trigger))
    return event


def _birthday(event: Event, item: CalendarItem, lang: str, lines: list[str]) -> Event | None:
    try:
        born = Birthday.parse(item.birthday or "")
    except InvalidBirthday:
        return None
    year = born.year or 2000  # a leap year: 29 February stays a day
    event.add("summary", t_in(lang, "calendar.birthday", person=item.title, account=item.account))
    event.add("description", "\n".join(lines))
    first = date(year, born.month, born.day)
    event.add("dtstart", first)
    event.add("dtend", first + timedelta(days=1))
    event.add("rrule", {"freq": "yearly"})
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(str(event["summary"]), DAY_ALARM))
    return event


def _alarm(text: str, trigger: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm
