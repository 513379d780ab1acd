"""Step 5 of the team server's schema: one stamp and one writer for a row written at once.

Until step 5 every row kept, for each of its fields, the field's stamp (``stamps``) and who
wrote it in which transaction (``writes``): some 1.3 KB a row, built by the server for every
row it took, half of what a first join costs it. A row is nearly always written whole (a new
row, or an edit sent as the row), so its fields share one stamp and one writer: the key ``""``
now holds the stamp (in ``stamps``) and the writer (in ``writes``) of every field the object
does not name. ``stamp_of`` and ``writer_of`` read a field's; rows written before step 5 name
every field, and read as they did. A merge (``merged_row``) gives the short form when the new
row won every field, leaves the old row's as they were when it won none, and names each field
otherwise: a merge looks at each field once, with no second pass to shorten what it made.

Clients are unchanged: they send the same batches, and a row's latest stamp is still the
largest value in ``stamps``. The row writer also looks up each row's account once instead of
twice, and ``set_aside_handed`` returns a batch untouched at once when nothing was ever handed
away from the caller.
"""

from __future__ import annotations

from fieldcrm.team.schema_push import push_batch
from fieldcrm.team.schema_settings import set_team_setting

# each person row holding personal fields, and who wrote them (a field's writer, or its row's)
_WRITERS = """SELECT r.id, r.account_id, array_agg(DISTINCT fieldcrm.writer_of(r.writes, p.field) ->> 1)
            FROM fieldcrm.record r, unnest(fieldcrm.personal_fields()) p(field)
            WHERE r.kind = 'person' AND NOT r.deleted AND r.fields ? p.field
              AND fieldcrm.writer_of(r.writes, p.field) IS NOT NULL
            GROUP BY r.id, r.account_id"""


def step(group: str) -> str:
    """The SQL of step 5; ``group`` is the team's group role."""
    return f"""
-- a field's stamp and writer: its own entry, or the row's (key '') when it has none
CREATE FUNCTION fieldcrm.stamp_of(stamps jsonb, field text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(stamps ->> field, stamps ->> '') $$;
CREATE FUNCTION fieldcrm.writer_of(writes jsonb, field text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(writes -> field, writes -> '') $$;

-- a row as it stands after the fields of a new one (all written at ``stamp`` by ``writer``):
-- per field, the later stamp wins; one stamp and one writer under '' when the new row won every
-- field, the old row's as they were when it won none, each field's otherwise
DROP FUNCTION fieldcrm.merged_writes(jsonb, jsonb, jsonb, jsonb, jsonb, jsonb);
CREATE FUNCTION fieldcrm.merged_row(old_fields jsonb, old_stamps jsonb, old_writes jsonb,
    new_fields jsonb, stamp text, writer jsonb, OUT fields jsonb, OUT stamps jsonb, OUT writes jsonb)
    LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(k, CASE WHEN won THEN new_fields -> k ELSE old_fields -> k END), '{{}}'),
           CASE WHEN bool_and(won) THEN jsonb_build_object('', stamp)
                WHEN NOT bool_or(won) THEN old_stamps
                ELSE jsonb_object_agg(k, CASE WHEN won THEN to_jsonb(stamp) ELSE to_jsonb(old_stamp) END)
                     FILTER (WHERE won OR old_stamp IS NOT NULL) END,
           CASE WHEN bool_and(won) THEN jsonb_build_object('', writer)
                WHEN NOT bool_or(won) THEN old_writes
                ELSE coalesce(jsonb_object_agg(k, CASE WHEN won THEN writer ELSE old_writer END)
                              FILTER (WHERE won OR old_writer IS NOT NULL), '{{}}') END
    FROM (SELECT k, old_stamp, old_writer,
                 coalesce(new_fields ? k AND stamp > coalesce(old_stamp, ''), false) AS won
          FROM (SELECT k,
                       CASE WHEN old_fields ? k THEN coalesce(old_stamps ->> k, old_stamps ->> '') END
                           AS old_stamp,
                       CASE WHEN old_fields ? k THEN coalesce(old_writes -> k, old_writes -> '') END
                           AS old_writer
                FROM jsonb_object_keys(old_fields || new_fields) k) each_field) merged
$$;

{push_batch(lean=False)}
{set_team_setting(_WRITERS, replace=True)}

-- a member from whom no account was ever handed away has nothing to set aside: the batch as
-- it came, without a look at each of its rows' accounts (step 4's function does the rest)
ALTER FUNCTION fieldcrm.set_aside_handed(jsonb) RENAME TO set_aside_handed_rows;
REVOKE ALL ON FUNCTION fieldcrm.set_aside_handed_rows(jsonb) FROM {group};
CREATE FUNCTION fieldcrm.set_aside_handed(batch jsonb)
    RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fieldcrm.handover h WHERE h.from_owner = session_user) THEN
        RETURN batch;
    END IF;
    RETURN fieldcrm.set_aside_handed_rows(batch);
END
$$;
REVOKE ALL ON FUNCTION fieldcrm.set_aside_handed(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.set_aside_handed(jsonb) TO {group};

REVOKE ALL ON FUNCTION fieldcrm.stamp_of(jsonb, text), fieldcrm.writer_of(jsonb, text),
    fieldcrm.merged_row(jsonb, jsonb, jsonb, jsonb, text, jsonb) FROM PUBLIC;
"""
