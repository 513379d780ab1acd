"""What the board shows: the filter, counts per stage and a paged cache of each column's cards."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date

from fieldcrm.domain.stages import STAGE_NUMBERS
from fieldcrm.store import board
from fieldcrm.store.board import BoardFilter, Card, card_order
from fieldcrm.store.reader import Reader

PAGE = 24  # cards fetched per query: a column shows about ten on a laptop, the first page is read at once
EXTRA_PAGES = 2  # pages read after a cached run to find where a moved card landed
READERS = 2  # connections reading at once: the cores of a small laptop
KEPT_READINGS = 32  # whole-board readings kept for a search erased back to them


class ColumnData:
    """One stage's cards, fetched a page at a time as the column scrolls."""

    def __init__(self, model: BoardModel, stage: int) -> None:
        self.model = model
        self.stage = stage
        self._pages: dict[int, list[Card]] = {}

    @property
    def count(self) -> int:
        return self.model.counts.get(self.stage, 0)

    @property
    def sort(self) -> str:
        """The column's order (store.board.SORTS)."""
        return self.model.sorts.get(self.stage, "due")

    def card_at(self, index: int) -> Card | None:
        page_no, offset = divmod(index, PAGE)
        page = self._pages.get(page_no)
        if page is None or (offset >= len(page) and index < self.count):  # short after a take
            page = self._fetch(page_no)
        return page[offset] if offset < len(page) else None

    def _fetch(self, page_no: int) -> list[Card]:
        page = self._pages[page_no] = self.read(page_no)
        return page

    def read(self, page_no: int, f: BoardFilter | None = None) -> list[Card]:
        """One page of cards with their closeness under ``f`` (default the board's filter),
        from SQLite (safe to call from a thread)."""
        m = self.model
        f = m.filter if f is None else f
        page = board.cards(m.reader, self.stage, page_no * PAGE, PAGE, f, m.today, self.sort)
        closeness = board.closeness_by_account(m.reader, [c.id for c in page], m.today)
        return [
            replace(c, closeness=closeness.get(c.id), owner=None if c.owner == m.me else c.owner)
            for c in page
        ]

    def store(self, page_no: int, page: list[Card]) -> None:
        self._pages[page_no] = page

    def clear(self) -> None:
        self._pages.clear()

    def pages(self) -> Iterator[tuple[int, list[Card]]]:
        return iter(sorted(self._pages.items()))

    # -- one card in or out, reading little or nothing -------------------------------------

    def _runs(self) -> list[tuple[int, list[Card]]]:
        """The cached cards as runs of consecutive pages: (index of the run's first card, cards)."""
        runs: list[tuple[int, list[Card]]] = []
        for page_no, page in sorted(self._pages.items()):
            if runs and runs[-1][0] + len(runs[-1][1]) == page_no * PAGE:
                runs[-1][1].extend(page)
            else:
                runs.append((page_no * PAGE, list(page)))
        return runs

    def _replace_from(self, start: int, cards: list[Card]) -> None:
        """Cache ``cards`` from index ``start`` (a page's first); every page after them is
        dropped, its cards having shifted. A last page may fall short of one the column still
        has cards for: ``card_at`` reads that page again when it needs them."""
        first = start // PAGE
        self._pages = {no: page for no, page in self._pages.items() if no < first}
        for offset in range(0, len(cards), PAGE):
            self._pages[first + offset // PAGE] = cards[offset : offset + PAGE]

    def take(self, account_id: int) -> Card | None:
        """Drop the account's card from the cache (call before the count changes); return
        it, or None when no cached page held it (the cache is cleared)."""
        for start, cards in self._runs():
            for index, card in enumerate(cards):
                if card.id == account_id:
                    del cards[index]
                    self._replace_from(start, cards)
                    return card
        self.clear()
        return None

    def put(self, card: Card) -> None:
        """Add ``card`` where the column's order puts it (call before the count changes and
        after the move is committed). Within a cached run of pages it is placed in memory;
        just past one, the next pages are read as they now are, up to EXTRA_PAGES; further
        away, the cache is cleared and the column read again as it scrolls."""
        key = card_order(card, self.sort)
        before = None  # the last run whose cards all come before the card
        for start, cards in self._runs():
            keys = [card_order(c, self.sort) for c in cards]
            at_top, at_end = start == 0, start + len(cards) == self.count
            if (at_top or (keys and key > keys[0])) and (at_end or (keys and key < keys[-1])):
                cards.insert(bisect_left(keys, key), card)
                self._replace_from(start, cards)
                return
            if keys and key > keys[-1]:
                before = (start, cards)
        if before is not None and len(before[1]) % PAGE == 0:
            first = (before[0] + len(before[1])) // PAGE
            self._replace_from(before[0], before[1])
            for page_no in range(first, first + EXTRA_PAGES):
                page = self._fetch(page_no)
                if any(c.id == card.id for c in page):
                    return
                if len(page) < PAGE:
                    break
        self.clear()


@dataclass(frozen=True, slots=True)
class Reading:
    """What the board shows under ``filter``, read off the screen's thread: counts per stage,
    the overdue count, and the page in view of each column read (stage: page number, sort,
    cards)."""

    filter: BoardFilter
    counts: dict[int, int]
    overdue: int
    pages: dict[int, tuple[int, str, list[Card]]]
    key: Hashable = None  # what it was read for (BoardModel._key); None: a part of the board


class BoardModel:
    """The filter and the data behind the five columns."""

    def __init__(self, reader: Reader, today: date) -> None:
        self.reader = reader
        self.today = today
        self.filter = BoardFilter()
        self.sorts: dict[int, str] = {}  # a column's order when not by due date
        self.counts: dict[int, int] = {}
        self.columns = {stage: ColumnData(self, stage) for stage in STAGE_NUMBERS}
        self.overdue = 0
        self._kept: dict[Hashable, Reading] = {}  # whole-board readings since the last change
        self.me: str | None = None  # in team mode, the user's login: their cards name no owner

    def refresh(self, stages: Iterable[int] | None = None, shown: Mapping[int, int] | None = None) -> None:
        """Re-read the counts and the cards of ``stages`` (default all).

        ``shown`` gives the index of the first card each column shows: those pages are read
        now, beside the counts. Other pages are read when a column scrolls to them.

        The readings kept for searches are dropped: this is how the board learns of a change.
        """
        self._kept.clear()
        self.apply(self.read(self.filter, stages, shown), stages)

    def reorder(self, stage: int, sort: str) -> None:
        """Order a column by ``sort``: its cached pages go (read again as it draws). The
        counts stand, and so do the readings kept for searches (each is kept with its orders)."""
        self.sorts[stage] = sort
        self.columns[stage].clear()

    def kept(self, f: BoardFilter, shown: Mapping[int, int] | None) -> Reading | None:
        """The whole board as read under ``f`` and ``shown`` since the last change, if it was."""
        return self._kept.get(self._key(f, shown))

    def _key(self, f: BoardFilter, shown: Mapping[int, int] | None) -> Hashable:
        return (f, tuple(sorted(self.sorts.items())), tuple(sorted((shown or {}).items())))

    def read(
        self, f: BoardFilter, stages: Iterable[int] | None = None, shown: Mapping[int, int] | None = None
    ) -> Reading:
        """Counts under ``f`` and the pages ``shown`` of ``stages`` (default all), a stage at
        a time on two connections at once (SQLite reads in parallel in WAL mode, and the
        driver lets go of the GIL while a statement runs). Changes nothing: safe to call from
        a thread.

        A column whose first page is in view and not full has as many cards as that page,
        and is not counted again: a search that few accounts match scans each stage once.
        A whole board read since the last change under the same filter, orders and scroll
        (a search erased back to an earlier one) is not read again."""
        key = self._key(f, shown) if stages is None else None
        kept = self.kept(f, shown) if key is not None else None
        if kept is not None:
            return kept
        in_view = {
            s: shown[s] // PAGE for s in (self.columns if stages is None else stages) if shown and s in shown
        }
        sorts = {s: self.columns[s].sort for s in in_view}
        with ThreadPoolExecutor(max_workers=READERS) as pool:
            read = {s: pool.submit(self._stage, s, in_view.get(s), f) for s in STAGE_NUMBERS}
            overdue = pool.submit(board.overdue_count, self.reader, self.today)
            counts = {s: reading.result()[0] for s, reading in read.items()}
            pages = {s: (page_no, sorts[s], read[s].result()[1]) for s, page_no in in_view.items()}
            return Reading(f, counts, overdue.result(), pages, key)

    def _stage(self, stage: int, page_no: int | None, f: BoardFilter) -> tuple[int, list[Card]]:
        """A stage's count under ``f``, and its page ``page_no`` (None: no page)."""
        page = [] if page_no is None else self.columns[stage].read(page_no, f)
        if page_no == 0 and len(page) < PAGE:
            return len(page), page  # the whole column is on its first page
        return board.stage_count(self.reader, f, self.today, stage), page

    def apply(self, reading: Reading, stages: Iterable[int] | None = None) -> None:
        """Show ``reading``: its filter and counts; the cached cards of ``stages`` (default
        all) are replaced by the pages it read (one read in another order is left out)."""
        self.filter, self.counts, self.overdue = reading.filter, reading.counts, reading.overdue
        for stage in self.columns if stages is None else stages:
            column = self.columns[stage]
            column.clear()
            page_no, sort, page = reading.pages.get(stage, (0, "", []))
            if sort == column.sort:
                column.store(page_no, list(page))
        if reading.key is not None:
            if len(self._kept) >= KEPT_READINGS:
                del self._kept[next(iter(self._kept))]  # the oldest
            self._kept[reading.key] = reading

    def moved(self, from_stage: int, to_stage: int, card: Card | None = None) -> None:
        """One card changed stage: the filter still matches it, so counts shift by one.

        ``card``, the card as it is now: it moves between the cached pages, so neither column
        is read again. Without it, both columns are read afresh.
        """
        self._kept.clear()
        source, target = self.columns[from_stage], self.columns[to_stage]
        old = None if card is None else source.take(card.id)
        if card is None or old is None:
            source.clear()
            target.clear()
        else:
            target.put(replace(card, closeness=old.closeness, owner=old.owner))
        self.counts[from_stage] -= 1
        self.counts[to_stage] += 1

    def index_of(self, card: Card) -> int:
        """Where ``card`` sits in its column: from the pages in hand, else by a count."""
        column = self.columns[card.stage]
        for page_no, page in column.pages():
            for offset, cached in enumerate(page):
                if cached.id == card.id:
                    return page_no * PAGE + offset
        return board.position_of(self.reader, card, self.filter, self.today, column.sort)
