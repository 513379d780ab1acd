"""Step 4 of the team server's schema: an account handed to another member.

A lead (for the members they lead, and themselves) or a manager (for anyone) hands an account
over with ``fieldcrm.reassign``: the account and every row of it take the new owner, and are
stamped as written by that transaction, so every laptop that may see them reads them again at
its next sync (the new owner's laptop receives the whole account). ``fieldcrm.handover`` keeps
each hand-over; the laptop of the member it was taken from reads it and, when that member may
no longer see the account, removes the account there.

Changes made offline on a laptop to an account handed away from its member meanwhile are not
written on the account: ``fieldcrm.set_aside_handed`` keeps each of their values as a
conflict for the new owner (attributed and dated, restorable), so nothing is lost and the
rest of that laptop's changes are sent.
"""

from __future__ import annotations


def step(group: str) -> str:
    """The SQL of step 4; ``group`` is the team's group role."""
    return f"""
CREATE TABLE fieldcrm.handover (
    id bigserial PRIMARY KEY,
    account uuid NOT NULL REFERENCES fieldcrm.account (id),
    from_owner name NOT NULL,
    to_owner name NOT NULL,
    by name NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now(),
    txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX handover_from ON fieldcrm.handover (from_owner, txid);
ALTER TABLE fieldcrm.handover ENABLE ROW LEVEL SECURITY;
CREATE POLICY handover_visible ON fieldcrm.handover FOR SELECT TO {group}
    USING (from_owner = session_user OR to_owner IN (SELECT fieldcrm.visible_owners()));
REVOKE ALL ON fieldcrm.handover FROM PUBLIC;
GRANT SELECT ON fieldcrm.handover TO {group};

-- hand an account (and every row of it) to another member: a lead within their team, a manager
CREATE FUNCTION fieldcrm.reassign(p_account uuid, p_to name)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE was name;
BEGIN
    IF coalesce(fieldcrm.my_role(), 'rep') = 'rep' THEN
        RAISE EXCEPTION 'fieldcrm: only a lead or a manager hands accounts over' USING ERRCODE = '42501';
    END IF;
    SELECT owner INTO was FROM fieldcrm.account WHERE id = p_account AND NOT deleted
        AND owner IN (SELECT fieldcrm.visible_owners());
    IF was IS NULL THEN
        RAISE EXCEPTION 'fieldcrm: there is no such account' USING ERRCODE = '22023';
    END IF;
    IF p_to NOT IN (SELECT fieldcrm.visible_owners())
       OR NOT EXISTS (SELECT 1 FROM fieldcrm.member WHERE login = p_to AND removed_at IS NULL) THEN
        RAISE EXCEPTION 'fieldcrm: % is not a member you may hand accounts to', p_to
            USING ERRCODE = '42501';
    END IF;
    IF was = p_to THEN
        RETURN;
    END IF;
    UPDATE fieldcrm.account SET owner = p_to, changed_at = now(), txid = pg_current_xact_id()
        WHERE id = p_account;
    UPDATE fieldcrm.record SET owner = p_to, txid = pg_current_xact_id() WHERE account_id = p_account;
    INSERT INTO fieldcrm.handover (account, from_owner, to_owner) VALUES (p_account, was, p_to);
END
$$;

-- a batch without the rows of accounts handed away from the caller: their values are kept as
-- conflicts for the account's new owner instead
CREATE FUNCTION fieldcrm.set_aside_handed(batch jsonb)
    RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE
    writable name[] := ARRAY(SELECT fieldcrm.visible_owners());
    handed uuid[];
BEGIN
    SELECT coalesce(array_agg(DISTINCT a.id), '{{}}') INTO handed
    FROM jsonb_array_elements(batch) e
    JOIN fieldcrm.account a ON a.id = (e ->> 'a')::uuid
    WHERE a.owner <> ALL (writable)
      AND EXISTS (SELECT 1 FROM fieldcrm.handover h WHERE h.account = a.id AND h.from_owner = session_user);
    IF cardinality(handed) = 0 THEN
        RETURN batch;
    END IF;
    INSERT INTO fieldcrm.conflict (kind, row_id, account_id, field, value, stamp, author, winner)
    SELECT e ->> 'k', (e ->> 'id')::uuid, a.id, n.key, n.value, e ->> 't', session_user, a.owner
    FROM jsonb_array_elements(batch) e
    JOIN fieldcrm.account a ON a.id = (e ->> 'a')::uuid
    CROSS JOIN LATERAL jsonb_each(e -> 'f') n
    WHERE a.id = ANY (handed);
    RETURN coalesce((SELECT jsonb_agg(e) FROM jsonb_array_elements(batch) e
                     WHERE (e ->> 'a')::uuid <> ALL (handed)), '[]');
END
$$;
REVOKE ALL ON FUNCTION fieldcrm.reassign(uuid, name), fieldcrm.set_aside_handed(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.reassign(uuid, name), fieldcrm.set_aside_handed(jsonb) TO {group};
"""
