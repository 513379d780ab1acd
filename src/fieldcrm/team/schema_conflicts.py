"""Step 3 of the team server's schema, second part: conflicts kept, and one write function for
every row (after schema_settings, whose settings it follows).

Each field now remembers who last wrote it and in which transaction (``writes``: field ->
[transaction, login]). A laptop sends, with its rows, the snapshot it last read the server in;
a field the server holds from a transaction outside that snapshot, written by another replica,
with another value, was changed on both sides since they last met. The later stamp still wins,
and the value that lost is kept in ``fieldcrm.conflict``, attributed and dated, until its author
(or a manager) restores it. A tombstone takes no fields any more, and erasing a row removes its
conflicts too, so nothing personal outlives an erasure.
"""

from __future__ import annotations


def step(group: str) -> str:
    """The SQL of step 3; ``group`` is the team's group role."""
    return f"""
ALTER TABLE fieldcrm.account ADD COLUMN writes jsonb NOT NULL DEFAULT '{{}}';
ALTER TABLE fieldcrm.record ADD COLUMN writes jsonb NOT NULL DEFAULT '{{}}';

-- a row carries its account's owner, so who may read it is known from the row itself: the
-- policy compares one name with the caller's few visible owners (computed once a query),
-- where "account_id IN (SELECT id FROM account)" could not be hashed past some 100,000
-- accounts and cost a scan of the accounts for every row
ALTER TABLE fieldcrm.record ADD COLUMN owner name;
UPDATE fieldcrm.record r SET owner = a.owner FROM fieldcrm.account a WHERE a.id = r.account_id;
ALTER TABLE fieldcrm.record ALTER COLUMN owner SET NOT NULL;
DROP POLICY record_visible ON fieldcrm.record;
CREATE POLICY record_visible ON fieldcrm.record FOR SELECT TO {group}
    USING (owner = ANY (ARRAY(SELECT fieldcrm.visible_owners())));
DROP POLICY account_visible ON fieldcrm.account;
CREATE POLICY account_visible ON fieldcrm.account FOR SELECT TO {group}
    USING (owner = ANY (ARRAY(SELECT fieldcrm.visible_owners())));

CREATE TABLE fieldcrm.conflict (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    row_id uuid NOT NULL,
    account_id uuid NOT NULL REFERENCES fieldcrm.account (id),
    field text NOT NULL,
    value jsonb,  -- the value that lost
    stamp text NOT NULL,  -- its stamp
    author name NOT NULL,  -- who wrote the value that lost
    winner name NOT NULL,  -- whose value stands
    at timestamptz NOT NULL DEFAULT now(),
    restored_at timestamptz
);
CREATE INDEX conflict_account ON fieldcrm.conflict (account_id);
CREATE INDEX conflict_row ON fieldcrm.conflict (row_id);
ALTER TABLE fieldcrm.conflict ENABLE ROW LEVEL SECURITY;
CREATE POLICY conflict_visible ON fieldcrm.conflict FOR SELECT TO {group}
    USING (account_id IN (SELECT id FROM fieldcrm.account));
REVOKE ALL ON fieldcrm.conflict FROM PUBLIC;
GRANT SELECT ON fieldcrm.conflict TO {group};

CREATE FUNCTION fieldcrm.merged_writes(old_fields jsonb, old_stamps jsonb, old_writes jsonb,
    new_fields jsonb, new_stamps jsonb, writer jsonb, OUT fields jsonb, OUT stamps jsonb, OUT writes jsonb)
    LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(k, CASE WHEN won THEN new_fields -> k ELSE old_fields -> k END), '{{}}'),
           coalesce(jsonb_object_agg(k, CASE WHEN won THEN new_stamps -> k ELSE old_stamps -> k END), '{{}}'),
           coalesce(jsonb_object_agg(k, CASE WHEN won THEN writer ELSE old_writes -> k END)
                    FILTER (WHERE won OR old_writes ? k), '{{}}')
    FROM (SELECT k, coalesce(new_stamps ->> k > coalesce(old_stamps ->> k, ''), false) AS won
          FROM jsonb_object_keys(old_fields || new_fields) k) keys
$$;

DROP FUNCTION fieldcrm.push_account(uuid, jsonb, jsonb);
DROP FUNCTION fieldcrm.push_record(text, uuid, uuid, jsonb, jsonb);
DROP FUNCTION fieldcrm.push_batch(jsonb);
DROP FUNCTION fieldcrm.merged(jsonb, jsonb, jsonb, jsonb);

-- rows (k: kind, id, a: account, f: fields, t: the stamp of all its fields), accounts before the
-- rows that point at them; ``seen``: the snapshot the laptop last read the server in (NULL: it
-- has read nothing the server holds, as at its first join). Returns the conflicts it recorded.
CREATE FUNCTION fieldcrm.push_batch(batch jsonb, seen text)
    RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE
    writer jsonb := jsonb_build_array(pg_current_xact_id()::text, session_user);
    snap pg_snapshot := seen::pg_snapshot;
    clashed integer := 0;
    writable name[] := ARRAY(SELECT fieldcrm.visible_owners());  -- whose accounts the caller may write
BEGIN
    IF fieldcrm.my_role() IS NULL THEN
        RAISE EXCEPTION 'fieldcrm: % is not a member of this team', session_user USING ERRCODE = '42501';
    END IF;
    CREATE TEMP TABLE incoming ON COMMIT DROP AS
        SELECT e ->> 'k' AS kind, (e ->> 'id')::uuid AS id, (e ->> 'a')::uuid AS account_id,
               e -> 'f' AS fields, w.stamps, w.writes
        FROM jsonb_array_elements(batch) e
        CROSS JOIN LATERAL (  -- the row's stamp (t) on each of its fields, and who wrote them
            SELECT coalesce(jsonb_object_agg(k, e -> 't'), '{{}}') AS stamps,
                   coalesce(jsonb_object_agg(k, writer), '{{}}') AS writes
            FROM jsonb_object_keys(e -> 'f') k) w;
    PERFORM fieldcrm.check_stamps(jsonb_build_object('newest', (SELECT max(e ->> 't')
        FROM jsonb_array_elements(batch) e)));
    IF NOT fieldcrm.personal_fields_on() THEN  -- the team keeps none: no person row takes them
        UPDATE incoming SET fields = fields - fieldcrm.personal_fields(),
            stamps = stamps - fieldcrm.personal_fields(), writes = writes - fieldcrm.personal_fields()
        WHERE kind = 'person';
    END IF;
    IF EXISTS (SELECT 1 FROM incoming i JOIN fieldcrm.account a ON a.id = i.account_id
               WHERE a.owner <> ALL (writable)) THEN
        RAISE EXCEPTION 'fieldcrm: not an account you may change' USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM incoming i JOIN fieldcrm.record r ON (r.kind, r.id) = (i.kind, i.id)
               WHERE r.account_id <> i.account_id) THEN
        RAISE EXCEPTION 'fieldcrm: a row cannot move to another account' USING ERRCODE = '22023';
    END IF;
    IF snap IS NOT NULL THEN
        -- a field both sides changed since they last met: the later stamp wins, the other is kept
        INSERT INTO fieldcrm.conflict (kind, row_id, account_id, field, value, stamp, author, winner)
        SELECT kind, id, account_id, field,
               CASE WHEN won THEN theirs ELSE mine END, CASE WHEN won THEN their_stamp ELSE my_stamp END,
               CASE WHEN won THEN their_author ELSE session_user END,
               CASE WHEN won THEN session_user ELSE their_author END
        FROM (
            SELECT i.kind, i.id, i.account_id, n.key AS field, n.value AS mine,
                   i.stamps ->> n.key AS my_stamp,
                   o.fields -> n.key AS theirs, o.stamps ->> n.key AS their_stamp,
                   o.writes -> n.key ->> 1 AS their_author, i.stamps ->> n.key > o.stamps ->> n.key AS won
            FROM incoming i
            JOIN LATERAL (
                SELECT a.fields, a.stamps, a.writes FROM fieldcrm.account a
                WHERE i.kind = 'account' AND a.id = i.id AND NOT a.deleted
                UNION ALL
                SELECT r.fields, r.stamps, r.writes FROM fieldcrm.record r
                WHERE r.kind = i.kind AND r.id = i.id AND NOT r.deleted
            ) o ON true
            CROSS JOIN LATERAL jsonb_each(i.fields) n
            WHERE o.writes ? n.key
              AND NOT pg_visible_in_snapshot((o.writes -> n.key ->> 0)::xid8, snap)
              AND split_part(o.stamps ->> n.key, '-', 3) <> split_part(i.stamps ->> n.key, '-', 3)
              AND o.fields -> n.key IS DISTINCT FROM n.value
        ) clash;
        GET DIAGNOSTICS clashed = ROW_COUNT;
    END IF;
    INSERT INTO fieldcrm.account AS t (id, owner, fields, stamps, writes)
    SELECT id, session_user, fields, stamps, writes FROM incoming WHERE kind = 'account'
    ON CONFLICT (id) DO UPDATE SET (fields, stamps, writes) = (SELECT m.fields, m.stamps, m.writes
        FROM fieldcrm.merged_writes(t.fields, t.stamps, t.writes,
                                    EXCLUDED.fields, EXCLUDED.stamps, writer) m),
        changed_at = now(), txid = pg_current_xact_id()
    WHERE NOT t.deleted;  -- a tombstone takes nothing back
    IF EXISTS (SELECT 1 FROM incoming i WHERE i.kind <> 'account'
               AND NOT EXISTS (SELECT 1 FROM fieldcrm.account a WHERE a.id = i.account_id)) THEN
        RAISE EXCEPTION 'fieldcrm: not an account you may change' USING ERRCODE = '42501';
    END IF;
    INSERT INTO fieldcrm.record AS t (kind, id, account_id, owner, fields, stamps, writes)
    SELECT i.kind, i.id, i.account_id, a.owner, i.fields, i.stamps, i.writes
    FROM incoming i JOIN fieldcrm.account a ON a.id = i.account_id
    WHERE i.kind <> 'account'
      AND NOT a.deleted  -- a row made offline on an account deleted meanwhile goes with it
    ON CONFLICT (kind, id) DO UPDATE SET (fields, stamps, writes) = (SELECT m.fields, m.stamps, m.writes
        FROM fieldcrm.merged_writes(t.fields, t.stamps, t.writes,
                                    EXCLUDED.fields, EXCLUDED.stamps, writer) m),
        changed_at = now(), txid = pg_current_xact_id()
    WHERE NOT t.deleted;
    DROP TABLE incoming;
    RETURN clashed;
END
$$;

CREATE OR REPLACE FUNCTION fieldcrm.push_delete(p_kind text, p_id uuid)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE account_of uuid; owner_of name;
BEGIN
    IF p_kind = 'account' THEN
        account_of := p_id;
    ELSE
        SELECT account_id INTO account_of FROM fieldcrm.record WHERE kind = p_kind AND id = p_id;
    END IF;
    SELECT owner INTO owner_of FROM fieldcrm.account WHERE id = account_of;
    IF owner_of IS NULL THEN
        RETURN;  -- never sent, or gone already: nothing to do
    END IF;
    IF owner_of NOT IN (SELECT fieldcrm.visible_owners()) THEN
        RAISE EXCEPTION 'fieldcrm: not an account you may change' USING ERRCODE = '42501';
    END IF;
    IF p_kind = 'account' THEN
        UPDATE fieldcrm.account SET deleted = true, fields = '{{}}', stamps = '{{}}', writes = '{{}}',
            changed_at = now(), txid = pg_current_xact_id() WHERE id = p_id;
        UPDATE fieldcrm.record SET deleted = true, fields = '{{}}', stamps = '{{}}', writes = '{{}}',
            changed_at = now(), txid = pg_current_xact_id() WHERE account_id = p_id;
        DELETE FROM fieldcrm.conflict WHERE account_id = p_id;
    ELSE
        UPDATE fieldcrm.record SET deleted = true, fields = '{{}}', stamps = '{{}}', writes = '{{}}',
            changed_at = now(), txid = pg_current_xact_id() WHERE kind = p_kind AND id = p_id;
        DELETE FROM fieldcrm.conflict WHERE kind = p_kind AND row_id = p_id;
    END IF;
END
$$;

-- a value that lost, written again by its author or a manager: marked restored, returned
CREATE FUNCTION fieldcrm.restore_conflict(p_id bigint)
    RETURNS fieldcrm.conflict LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE c fieldcrm.conflict;
BEGIN
    SELECT * INTO c FROM fieldcrm.conflict x WHERE x.id = p_id AND x.account_id IN (
        SELECT a.id FROM fieldcrm.account a WHERE a.owner IN (SELECT fieldcrm.visible_owners()))
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'fieldcrm: there is no conflict %', p_id USING ERRCODE = '22023';
    END IF;
    IF c.author <> session_user AND fieldcrm.my_role() IS DISTINCT FROM 'manager' THEN
        RAISE EXCEPTION 'fieldcrm: only its author or a manager restores a value' USING ERRCODE = '42501';
    END IF;
    IF c.restored_at IS NOT NULL THEN
        RAISE EXCEPTION 'fieldcrm: conflict % was restored already', p_id USING ERRCODE = '22023';
    END IF;
    UPDATE fieldcrm.conflict SET restored_at = now() WHERE id = p_id RETURNING * INTO c;
    RETURN c;
END
$$;

REVOKE ALL ON FUNCTION fieldcrm.merged_writes(jsonb, jsonb, jsonb, jsonb, jsonb, jsonb),
    fieldcrm.push_batch(jsonb, text), fieldcrm.restore_conflict(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.push_batch(jsonb, text), fieldcrm.restore_conflict(bigint) TO {group};
"""
