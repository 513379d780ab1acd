"""Step 6 of the team server's schema: each row's account looked at once, by the write itself.

Until step 6 the server looked at the account of every row it took three more times than it
wrote it: in a check that no row moves to another account, in a check that the account is
there and the caller's to write, and in the foreign key's check of each row inserted. At
100,000 accounts a first join sends 1.3 million rows, and those looks were an eighth of what
the server spent on them. The writer now refuses, in the same words and codes, where it reads
the account anyway (``schema_push``); clients are unchanged.
"""

from __future__ import annotations

from fieldcrm.team.schema_push import REFUSED, push_batch

# the SQL of step 6
STEP = f"""
{REFUSED}
-- rows are written only by push_batch, on an account it has just read; the purge removes an
-- account once no row points at it
ALTER TABLE fieldcrm.record DROP CONSTRAINT record_account_id_fkey;

{push_batch(lean=True)}"""
