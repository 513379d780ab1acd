"""The sort keys of a column's score and grade orders, as SQL: best first, none last.

The account table indexes these very expressions (store.models.account) and the board orders
by them as written here (store.board), so SQLite reads a page of a sorted column from its
index instead of sorting the column. No ORM here: the board imports it at start-up.
"""

SCORE_KEY = "coalesce(-score, 1e300)"
GRADE_KEY = "coalesce(grade, 'Z')"
MISSING_SCORE = 1e300  # where an unscored account sorts, as SCORE_KEY has it
