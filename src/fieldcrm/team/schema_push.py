"""The team server's row writer, ``fieldcrm.push_batch``, as schema steps 5 and 6 state it.

Step 5 looks at each row's account, and at each row's place on the server, in two queries
before writing, and the table of rows keeps a foreign key to its accounts: three more looks
at the account table for every row a first join sends. Step 6 (``lean``) makes the checks
where the writes look anyway: a row's account is the one its INSERT joins (a row whose account
is missing or not the caller's to write is refused there), and a row already on the server is
compared with its account on conflict. Nothing else writes rows, and the purge removes an
account only once no row points at it, so the foreign key guarded nothing the writer does not.
"""

from __future__ import annotations

# raises from within a query: VOLATILE, so that the planner never calls it on its own
REFUSED = """CREATE FUNCTION fieldcrm.refused(why text, code text, kind anyelement) RETURNS anyelement
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION '%', why USING ERRCODE = code;
END
$$;
REVOKE ALL ON FUNCTION fieldcrm.refused(text, text, anyelement) FROM PUBLIC;
"""

_NOT_YOURS = "'fieldcrm: not an account you may change', '42501'"
_NO_MOVE = "'fieldcrm: a row cannot move to another account', '22023'"


# step 5's looks before writing: that no row moves, that every row's account may be written
_MOVES = """    IF EXISTS (SELECT 1 FROM incoming i JOIN fieldcrm.record r ON (r.kind, r.id) = (i.kind, i.id)
               WHERE r.account_id <> i.account_id) THEN
        RAISE EXCEPTION 'fieldcrm: a row cannot move to another account' USING ERRCODE = '22023';
    END IF;
"""
_ACCOUNTS = """    -- every row's account is there (sent now or before) and the caller's to write: one look
    -- for both, after the batch's accounts (an error undoes all this call wrote)
    IF EXISTS (SELECT 1 FROM incoming i LEFT JOIN fieldcrm.account a ON a.id = i.account_id
               WHERE a.id IS NULL OR a.owner <> ALL (writable)) THEN
        RAISE EXCEPTION 'fieldcrm: not an account you may change' USING ERRCODE = '42501';
    END IF;
"""


def _writable(account: str) -> str:
    """The owner of ``account`` (an alias), refusing the write when the caller may not make it."""
    return (
        f"CASE WHEN {account}.owner = ANY (writable) THEN {account}.owner"
        f" ELSE fieldcrm.refused({_NOT_YOURS}, {account}.owner) END"
    )


def push_batch(lean: bool) -> str:
    """The SQL of ``fieldcrm.push_batch``: step 5's, or step 6's when ``lean``."""
    moves = "" if lean else _MOVES
    accounts = "" if lean else _ACCOUNTS
    if lean:
        owned = f",\n        owner = {_writable('t')}"
        owner = _writable("a")
        rows_of = """FROM incoming i LEFT JOIN fieldcrm.account a ON a.id = i.account_id
    WHERE i.kind <> 'account'
      AND a.deleted IS NOT TRUE  -- a row made offline on an account deleted meanwhile goes with it
      -- (a missing account passes here, to be refused where its owner is read)"""
        stays = (
            ",\n        account_id = CASE WHEN t.account_id = EXCLUDED.account_id THEN t.account_id"
            f"\n                          ELSE fieldcrm.refused({_NO_MOVE}, t.account_id) END"
        )
        about = "-- as in step 5, checking each row's account where its write looks at it anyway"
    else:
        owned = stays = ""
        owner = "a.owner"
        rows_of = """FROM incoming i JOIN fieldcrm.account a ON a.id = i.account_id
    WHERE i.kind <> 'account'
      AND NOT a.deleted  -- a row made offline on an account deleted meanwhile goes with it"""
        about = "-- as in step 3, but each row arrives with one stamp and one writer for all its fields"
    return f"""{about}
CREATE OR REPLACE FUNCTION fieldcrm.push_batch(batch jsonb, seen text)
    RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE
    writer jsonb := jsonb_build_array(pg_current_xact_id()::text, session_user);
    written jsonb := jsonb_build_object('', writer);  -- every field of a row sent: by the caller
    snap pg_snapshot := seen::pg_snapshot;
    clashed integer := 0;
    writable name[] := ARRAY(SELECT fieldcrm.visible_owners());  -- whose accounts the caller may write
BEGIN
    IF fieldcrm.my_role() IS NULL THEN
        RAISE EXCEPTION 'fieldcrm: % is not a member of this team', session_user USING ERRCODE = '42501';
    END IF;
    CREATE TEMP TABLE incoming ON COMMIT DROP AS
        SELECT e ->> 'k' AS kind, (e ->> 'id')::uuid AS id, (e ->> 'a')::uuid AS account_id,
               e -> 'f' AS fields, e ->> 't' AS stamp
        FROM jsonb_array_elements(batch) e;
    PERFORM fieldcrm.check_stamps(jsonb_build_object('newest', (SELECT max(stamp) FROM incoming)));
    IF NOT fieldcrm.personal_fields_on() THEN  -- the team keeps none: no person row takes them
        UPDATE incoming SET fields = fields - fieldcrm.personal_fields() WHERE kind = 'person';
    END IF;
{moves}    IF snap IS NOT NULL THEN
        -- a field both sides changed since they last met: the later stamp wins, the other is kept
        INSERT INTO fieldcrm.conflict (kind, row_id, account_id, field, value, stamp, author, winner)
        SELECT kind, id, account_id, field,
               CASE WHEN won THEN theirs ELSE mine END, CASE WHEN won THEN their_stamp ELSE my_stamp END,
               CASE WHEN won THEN their_author ELSE session_user END,
               CASE WHEN won THEN session_user ELSE their_author END
        FROM (
            SELECT i.kind, i.id, i.account_id, n.key AS field, n.value AS mine, i.stamp AS my_stamp,
                   o.fields -> n.key AS theirs, fieldcrm.stamp_of(o.stamps, n.key) AS their_stamp,
                   w.writer ->> 1 AS their_author, i.stamp > fieldcrm.stamp_of(o.stamps, n.key) AS won
            FROM incoming i
            JOIN LATERAL (
                SELECT a.fields, a.stamps, a.writes FROM fieldcrm.account a
                WHERE i.kind = 'account' AND a.id = i.id AND NOT a.deleted
                UNION ALL
                SELECT r.fields, r.stamps, r.writes FROM fieldcrm.record r
                WHERE r.kind = i.kind AND r.id = i.id AND NOT r.deleted
            ) o ON true
            CROSS JOIN LATERAL jsonb_each(i.fields) n
            CROSS JOIN LATERAL (SELECT fieldcrm.writer_of(o.writes, n.key) AS writer) w
            WHERE o.fields ? n.key AND w.writer IS NOT NULL
              AND NOT pg_visible_in_snapshot((w.writer ->> 0)::xid8, snap)
              AND split_part(fieldcrm.stamp_of(o.stamps, n.key), '-', 3) <> split_part(i.stamp, '-', 3)
              AND o.fields -> n.key IS DISTINCT FROM n.value
        ) clash;
        GET DIAGNOSTICS clashed = ROW_COUNT;
    END IF;
    INSERT INTO fieldcrm.account AS t (id, owner, fields, stamps, writes)
    SELECT id, session_user, fields, jsonb_build_object('', stamp), written
    FROM incoming WHERE kind = 'account'
    ON CONFLICT (id) DO UPDATE SET (fields, stamps, writes) = (SELECT m.fields, m.stamps, m.writes
        FROM fieldcrm.merged_row(t.fields, t.stamps, t.writes,
                                 EXCLUDED.fields, EXCLUDED.stamps ->> '', writer) m),
        changed_at = now(), txid = pg_current_xact_id(){owned}
    WHERE NOT t.deleted;  -- a tombstone takes nothing back
{accounts}    INSERT INTO fieldcrm.record AS t (kind, id, account_id, owner, fields, stamps, writes)
    SELECT i.kind, i.id, i.account_id, {owner}, i.fields, jsonb_build_object('', i.stamp), written
    {rows_of}
    ON CONFLICT (kind, id) DO UPDATE SET (fields, stamps, writes) = (SELECT m.fields, m.stamps, m.writes
        FROM fieldcrm.merged_row(t.fields, t.stamps, t.writes,
                                 EXCLUDED.fields, EXCLUDED.stamps ->> '', writer) m),
        changed_at = now(), txid = pg_current_xact_id(){stays}
    WHERE NOT t.deleted;
    DROP TABLE incoming;
    RETURN clashed;
END
$$;
"""
