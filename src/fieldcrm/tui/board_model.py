"""What the board shows: the filter, counts per stage and a paged cache of each column's cards."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from itertools import count

from sqlalchemy import Engine

from fieldcrm.store import board
from fieldcrm.store.board import BoardFilter, Card, card_order

PAGE = 64  # cards fetched per query; a column's viewport shows about ten


class ColumnData:
    """One stage's cards, fetched a page at a time as the column scrolls."""

    def __init__(self, model: BoardModel, stage: int) -> None:
        self.model = model
        self.stage = stage
        self._pages: dict[int, list[Card]] = {}

    @property
    def count(self) -> int:
        return self.model.counts.get(self.stage, 0)

    def card_at(self, index: int) -> Card | None:
        page_no, offset = divmod(index, PAGE)
        page = self._pages.get(page_no)
        if page is None or (offset >= len(page) and index < self.count):  # short after a take
            page = self._fetch(page_no)
        return page[offset] if offset < len(page) else None

    def _fetch(self, page_no: int) -> list[Card]:
        page = self._pages[page_no] = self.read(page_no)
        return page

    def read(self, page_no: int) -> list[Card]:
        """One page of cards with their closeness, from SQLite (safe to call from a thread)."""
        m = self.model
        page = board.cards(m.engine, self.stage, page_no * PAGE, PAGE, m.filter, m.today)
        closeness = board.closeness_by_account(m.engine, [c.id for c in page], m.today)
        return [replace(c, closeness=closeness.get(c.id)) for c in page]

    def store(self, page_no: int, page: list[Card]) -> None:
        self._pages[page_no] = page

    def clear(self) -> None:
        self._pages.clear()

    def pages(self) -> Iterator[tuple[int, list[Card]]]:
        return iter(sorted(self._pages.items()))

    # -- one card in or out, without asking SQLite again -------------------------------------

    def _top(self) -> tuple[list[Card], bool]:
        """The cached cards from the top of the column down to the first gap, and whether
        they are the whole column."""
        cards: list[Card] = []
        for page_no in count():
            page = self._pages.get(page_no)
            if page is None:
                break
            cards.extend(page)
            if len(page) < PAGE:
                break
        return cards, len(cards) == self.count

    def _keep(self, cards: list[Card]) -> None:
        """Cache ``cards`` as the top of the column. Its last page may fall short of a page
        the column still has cards for: ``card_at`` reads that page again when it needs them."""
        self._pages = {start // PAGE: cards[start : start + PAGE] for start in range(0, len(cards), PAGE)}

    def take(self, account_id: int) -> Card | None:
        """Drop the account's card from the cache (call before the count changes); return
        it, or None when it was not in the cached top of the column (the cache is cleared)."""
        cards, _ = self._top()
        for index, card in enumerate(cards):
            if card.id == account_id:
                del cards[index]
                self._keep(cards)
                return card
        self.clear()
        return None

    def put(self, card: Card) -> None:
        """Add ``card`` where the column's order puts it (call before the count changes);
        when it falls past the cached top of a longer column, the cache is cleared."""
        cards, whole = self._top()
        index = bisect_left([card_order(c) for c in cards], card_order(card))
        if index == len(cards) and not whole:
            self.clear()
            return
        cards.insert(index, card)
        self._keep(cards)


class BoardModel:
    """The filter and the data behind the five columns."""

    def __init__(self, engine: Engine, today: date) -> None:
        self.engine = engine
        self.today = today
        self.filter = BoardFilter()
        self.counts: dict[int, int] = {}
        self.columns = {stage: ColumnData(self, stage) for stage in range(1, 6)}
        self.overdue = 0

    def refresh(self, stages: Iterable[int] | None = None, shown: Mapping[int, int] | None = None) -> None:
        """Re-read counts (one GROUP BY) and the cards of ``stages`` (default all).

        ``shown`` gives the index of the first card each column shows: those pages are read
        now, beside the counts, on two connections at once (SQLite reads in parallel in WAL
        mode, and the driver lets go of the GIL while a statement runs). Other pages are
        read when a column scrolls to them.
        """
        columns = [self.columns[stage] for stage in (self.columns if stages is None else stages)]
        for column in columns:
            column.clear()
        wanted = [(c, shown[c.stage] // PAGE) for c in columns if shown and c.stage in shown]
        with ThreadPoolExecutor(max_workers=2) as pool:
            counts = pool.submit(board.stage_counts, self.engine, self.filter, self.today)
            overdue = pool.submit(board.overdue_count, self.engine, self.today)
            pages = [(column, page_no, pool.submit(column.read, page_no)) for column, page_no in wanted]
            self.counts, self.overdue = counts.result(), overdue.result()
            for column, page_no, page in pages:
                column.store(page_no, page.result())

    def moved(self, from_stage: int, to_stage: int, card: Card | None = None) -> None:
        """One card changed stage: the filter still matches it, so counts shift by one.

        ``card``, the card as it is now: it moves between the cached pages, so neither column
        is read again. Without it, both columns are read afresh.
        """
        source, target = self.columns[from_stage], self.columns[to_stage]
        old = None if card is None else source.take(card.id)
        if card is None or old is None:
            source.clear()
            target.clear()
        else:
            target.put(replace(card, closeness=old.closeness))
        self.counts[from_stage] -= 1
        self.counts[to_stage] += 1

    def index_of(self, card: Card) -> int:
        """Where ``card`` sits in its column: from the pages in hand, else by a count."""
        column = self.columns[card.stage]
        for page_no, page in column.pages():
            for offset, cached in enumerate(page):
                if cached.id == card.id:
                    return page_no * PAGE + offset
        return board.position_of(self.engine, card, self.filter, self.today)
