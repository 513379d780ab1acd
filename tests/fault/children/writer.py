"""Child of test_kill9: commit writes through the store as fast as it can, under the writer
lock, printing each one only once it is committed (``python writer.py DB START``)."""

import sys
from datetime import date
from itertools import count
from pathlib import Path

from fieldcrm.domain.gates import missing
from fieldcrm.domain.stages import Stage
from fieldcrm.runtime.startup import writing
from fieldcrm.store import accounts, activities
from fieldcrm.store.db import open_db
from fieldcrm.store.facts import account_facts
from fieldcrm.store.models import AccountCreate, ActivityCreate

db, start = Path(sys.argv[1]), int(sys.argv[2])
with writing(db):
    engine = open_db(db)
    for i in count(start):
        account = accounts.create_account(engine, AccountCreate(name=f"Kill test {i}", notes="x" * 500))
        assert account.id is not None
        print("account", account.id, flush=True)
        skipped = missing(account_facts(engine, account.id))
        accounts.move_stage(engine, account.id, Stage.INFORMATION, overridden=skipped)
        print("moved", account.id, flush=True)
        contact = activities.log_contact(
            engine,
            ActivityCreate(
                account_id=account.id,
                occurred_on=date(2026, 11, 27),
                summary=f"Visit {i}",
                next_step="Send the samples",
                next_due=date(2026, 12, 4),
            ),
        )
        print("activity", contact.id, flush=True)
