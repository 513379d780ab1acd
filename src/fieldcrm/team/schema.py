"""The team server's schema in PostgreSQL, in numbered steps, and the rules of who sees what.

Everything lives in the schema ``fieldcrm`` of the team's database. Every user is a login role
and a member of the team's group role (``<database>_member``); row-level security decides what
a connection may read, and writes go through SECURITY DEFINER functions that check the same
rules (members are granted no INSERT, UPDATE or DELETE on any table). A manager sees every
account, a lead the accounts of their team and their own, a rep their own.
"""

from __future__ import annotations

from fieldcrm.domain.hlc import MAX_AHEAD_MS
from fieldcrm.team import (
    schema_compact,
    schema_conflicts,
    schema_dismiss,
    schema_lean,
    schema_owners,
    schema_settings,
)

SCHEMA = "fieldcrm"
ROLES = ("rep", "lead", "manager")
CLIENT_VERSION = 3  # this client's version, as the server's ``oldest_client`` counts them
NEEDS_SERVER = 4  # the oldest server schema this client can sync with
# after each step, the oldest client the server still accepts (older ones call what is gone, or
# would miss what they must do: clear personal fields, download again after a long absence)
OLDEST_CLIENT = {1: 1, 2: 1, 3: 2, 4: 3, 5: 3, 6: 3}


def group_role(database: str) -> str:
    """The team's group role: every member is in it (role names are the cluster's, so the
    database's name keeps two teams on one server apart)."""
    return f"{database}_member"


def steps(group: str) -> dict[int, str]:
    """The schema steps, each run once in one transaction; ``group`` is the team's group role."""
    return {
        1: f"""
CREATE SCHEMA fieldcrm;
REVOKE ALL ON SCHEMA fieldcrm FROM PUBLIC;
CREATE ROLE {group} NOLOGIN;
GRANT USAGE ON SCHEMA fieldcrm TO {group};

CREATE TABLE fieldcrm.meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE fieldcrm.member (
    login name PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('rep', 'lead', 'manager')),
    lead name REFERENCES fieldcrm.member (login),
    added_at timestamptz NOT NULL DEFAULT now(),
    added_by name NOT NULL DEFAULT session_user,
    removed_at timestamptz
);

CREATE TABLE fieldcrm.account (
    id uuid PRIMARY KEY,
    owner name NOT NULL REFERENCES fieldcrm.member (login),
    fields jsonb NOT NULL DEFAULT '{{}}',
    stamps jsonb NOT NULL DEFAULT '{{}}',
    deleted boolean NOT NULL DEFAULT false,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_owner ON fieldcrm.account (owner);

CREATE TABLE fieldcrm.record (
    kind text NOT NULL,
    id uuid NOT NULL,
    account_id uuid NOT NULL REFERENCES fieldcrm.account (id),
    fields jsonb NOT NULL DEFAULT '{{}}',
    stamps jsonb NOT NULL DEFAULT '{{}}',
    deleted boolean NOT NULL DEFAULT false,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, id)
);
CREATE INDEX record_account ON fieldcrm.record (account_id);

-- who the connected user is, and whose accounts they may see
CREATE FUNCTION fieldcrm.my_role() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
    SELECT role FROM fieldcrm.member WHERE login = session_user AND removed_at IS NULL
$$;

CREATE FUNCTION fieldcrm.visible_owners() RETURNS SETOF name
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
    SELECT m.login FROM fieldcrm.member m
    WHERE fieldcrm.my_role() = 'manager'
       OR (fieldcrm.my_role() IS NOT NULL AND (m.login = session_user OR m.lead = session_user))
$$;

ALTER TABLE fieldcrm.member ENABLE ROW LEVEL SECURITY;
ALTER TABLE fieldcrm.account ENABLE ROW LEVEL SECURITY;
ALTER TABLE fieldcrm.record ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_visible ON fieldcrm.member FOR SELECT TO {group}
    USING (login IN (SELECT fieldcrm.visible_owners()) OR login = session_user);
CREATE POLICY account_visible ON fieldcrm.account FOR SELECT TO {group}
    USING (owner IN (SELECT fieldcrm.visible_owners()));
CREATE POLICY record_visible ON fieldcrm.record FOR SELECT TO {group}
    USING (account_id IN (SELECT id FROM fieldcrm.account));

REVOKE ALL ON ALL TABLES IN SCHEMA fieldcrm FROM PUBLIC;
GRANT SELECT ON fieldcrm.member, fieldcrm.account, fieldcrm.record TO {group};
GRANT SELECT ON fieldcrm.meta TO {group};
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA fieldcrm FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.my_role(), fieldcrm.visible_owners() TO {group};

-- members are added and removed by a manager (or the owner), through these functions only
CREATE FUNCTION fieldcrm.add_member(new_login name, secret text, new_role text, new_lead name)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
BEGIN
    IF fieldcrm.my_role() IS DISTINCT FROM 'manager' AND session_user <> current_user THEN
        RAISE EXCEPTION 'fieldcrm: only a manager adds members' USING ERRCODE = '42501';
    END IF;
    IF new_role NOT IN ('rep', 'lead', 'manager') THEN
        RAISE EXCEPTION 'fieldcrm: unknown role %', new_role USING ERRCODE = '22023';
    END IF;
    IF new_lead IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM fieldcrm.member m
        WHERE m.login = new_lead AND m.role = 'lead' AND m.removed_at IS NULL
    ) THEN
        RAISE EXCEPTION 'fieldcrm: % is not a lead of this team', new_lead USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = new_login) THEN
        -- only a former member of this team comes back; any other role is not ours to touch
        IF NOT EXISTS (SELECT 1 FROM fieldcrm.member m WHERE m.login = new_login) THEN
            RAISE EXCEPTION 'fieldcrm: the role % exists already', new_login USING ERRCODE = '42710';
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', new_login, secret);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', new_login, secret);
    END IF;
    EXECUTE format('GRANT {group} TO %I', new_login);
    INSERT INTO fieldcrm.member AS m (login, role, lead) VALUES (new_login, new_role, new_lead)
    ON CONFLICT (login) DO UPDATE SET role = EXCLUDED.role, lead = EXCLUDED.lead, removed_at = NULL,
        added_at = now(), added_by = session_user;
END
$$;

CREATE FUNCTION fieldcrm.remove_member(who name)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
BEGIN
    IF fieldcrm.my_role() IS DISTINCT FROM 'manager' AND session_user <> current_user THEN
        RAISE EXCEPTION 'fieldcrm: only a manager removes members' USING ERRCODE = '42501';
    END IF;
    IF who = session_user THEN
        RAISE EXCEPTION 'fieldcrm: a manager cannot remove themselves' USING ERRCODE = '22023';
    END IF;
    UPDATE fieldcrm.member SET removed_at = now() WHERE login = who AND removed_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'fieldcrm: % is not a member', who USING ERRCODE = '22023';
    END IF;
    UPDATE fieldcrm.member SET lead = NULL WHERE lead = who;
    EXECUTE format('REVOKE {group} FROM %I', who);
    EXECUTE format('ALTER ROLE %I NOLOGIN', who);
END
$$;
REVOKE ALL ON FUNCTION fieldcrm.add_member(name, text, text, name), fieldcrm.remove_member(name)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.add_member(name, text, text, name), fieldcrm.remove_member(name)
    TO {group};
""",
        2: f"""
-- every row carries the transaction that last wrote it: a client receives the rows written by
-- transactions it may not have seen (xid at or after the oldest one running when it last read)
ALTER TABLE fieldcrm.account ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE fieldcrm.record ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX account_txid ON fieldcrm.account (txid);
CREATE INDEX record_txid ON fieldcrm.record (txid);

-- rows arrive through these functions only; each checks the caller may write the account
CREATE FUNCTION fieldcrm.check_stamps(stamps jsonb) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = fieldcrm, pg_temp AS $$
DECLARE newest text;
BEGIN
    SELECT max(value) INTO newest FROM jsonb_each_text(stamps);
    -- a stamp's first 13 characters are its wall clock in hexadecimal milliseconds
    IF newest IS NOT NULL AND ('x' || lpad(left(newest, 13), 16, '0'))::bit(64)::bigint
        > (extract(epoch FROM clock_timestamp()) * 1000)::bigint + {MAX_AHEAD_MS} THEN
        RAISE EXCEPTION 'fieldcrm: the clock of this laptop is wrong' USING ERRCODE = 'FC001';
    END IF;
END
$$;

CREATE FUNCTION fieldcrm.merged(old_fields jsonb, old_stamps jsonb, new_fields jsonb, new_stamps jsonb,
    OUT fields jsonb, OUT stamps jsonb)
    LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(k, CASE WHEN new_stamps ->> k > coalesce(old_stamps ->> k, '')
                                             THEN new_fields -> k ELSE old_fields -> k END), '{{}}'),
           coalesce(jsonb_object_agg(k, to_jsonb(greatest(new_stamps ->> k, old_stamps ->> k))), '{{}}')
    FROM (SELECT jsonb_object_keys(old_fields || new_fields) AS k) keys
$$;

CREATE FUNCTION fieldcrm.push_account(p_id uuid, p_fields jsonb, p_stamps jsonb)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE row fieldcrm.account;
BEGIN
    IF fieldcrm.my_role() IS NULL THEN
        RAISE EXCEPTION 'fieldcrm: % is not a member of this team', session_user USING ERRCODE = '42501';
    END IF;
    PERFORM fieldcrm.check_stamps(p_stamps);
    SELECT * INTO row FROM fieldcrm.account WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO fieldcrm.account (id, owner, fields, stamps)
        VALUES (p_id, session_user, p_fields, p_stamps);
        RETURN;
    END IF;
    IF row.owner NOT IN (SELECT fieldcrm.visible_owners()) THEN
        RAISE EXCEPTION 'fieldcrm: not an account you may change' USING ERRCODE = '42501';
    END IF;
    UPDATE fieldcrm.account a SET (fields, stamps) = (SELECT m.fields, m.stamps
        FROM fieldcrm.merged(row.fields, row.stamps, p_fields, p_stamps) m), changed_at = now(),
        txid = pg_current_xact_id()
    WHERE a.id = p_id;
END
$$;

CREATE FUNCTION fieldcrm.push_record(p_kind text, p_id uuid, p_account uuid, p_fields jsonb, p_stamps jsonb)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE row fieldcrm.record; owner_of name;
BEGIN
    SELECT owner INTO owner_of FROM fieldcrm.account WHERE id = p_account;
    IF owner_of IS NULL OR owner_of NOT IN (SELECT fieldcrm.visible_owners()) THEN
        RAISE EXCEPTION 'fieldcrm: not an account you may change' USING ERRCODE = '42501';
    END IF;
    PERFORM fieldcrm.check_stamps(p_stamps);
    SELECT * INTO row FROM fieldcrm.record WHERE kind = p_kind AND id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO fieldcrm.record (kind, id, account_id, fields, stamps)
        VALUES (p_kind, p_id, p_account, p_fields, p_stamps);
    ELSIF row.account_id <> p_account THEN
        RAISE EXCEPTION 'fieldcrm: a row cannot move to another account' USING ERRCODE = '22023';
    ELSE
        UPDATE fieldcrm.record r SET (fields, stamps) = (SELECT m.fields, m.stamps
            FROM fieldcrm.merged(row.fields, row.stamps, p_fields, p_stamps) m), changed_at = now(),
            txid = pg_current_xact_id()
        WHERE r.kind = p_kind AND r.id = p_id;
    END IF;
END
$$;

-- many rows at once (k: kind, id, a: account, f: fields, s: stamps), accounts before the rows
-- that point at them: the same rules as push_account and push_record, set by set
CREATE FUNCTION fieldcrm.push_batch(batch jsonb)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
BEGIN
    IF fieldcrm.my_role() IS NULL THEN
        RAISE EXCEPTION 'fieldcrm: % is not a member of this team', session_user USING ERRCODE = '42501';
    END IF;
    PERFORM fieldcrm.check_stamps(jsonb_build_object('newest', (
        SELECT max(v) FROM jsonb_array_elements(batch) e, jsonb_each_text(e -> 's') s(k, v))));
    CREATE TEMP TABLE incoming ON COMMIT DROP AS
        SELECT e ->> 'k' AS kind, (e ->> 'id')::uuid AS id, (e ->> 'a')::uuid AS account_id,
               e -> 'f' AS fields, e -> 's' AS stamps
        FROM jsonb_array_elements(batch) e;
    IF EXISTS (SELECT 1 FROM incoming i JOIN fieldcrm.account a ON a.id = i.account_id
               WHERE a.owner NOT IN (SELECT fieldcrm.visible_owners())) THEN
        RAISE EXCEPTION 'fieldcrm: not an account you may change' USING ERRCODE = '42501';
    END IF;
    INSERT INTO fieldcrm.account AS t (id, owner, fields, stamps)
    SELECT id, session_user, fields, stamps FROM incoming WHERE kind = 'account'
    ON CONFLICT (id) DO UPDATE SET (fields, stamps) = (SELECT m.fields, m.stamps
        FROM fieldcrm.merged(t.fields, t.stamps, EXCLUDED.fields, EXCLUDED.stamps) m),
        changed_at = now(), txid = pg_current_xact_id();
    IF EXISTS (SELECT 1 FROM incoming i WHERE i.kind <> 'account'
               AND NOT EXISTS (SELECT 1 FROM fieldcrm.account a WHERE a.id = i.account_id)) THEN
        RAISE EXCEPTION 'fieldcrm: not an account you may change' USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM incoming i JOIN fieldcrm.record r ON (r.kind, r.id) = (i.kind, i.id)
               WHERE r.account_id <> i.account_id) THEN
        RAISE EXCEPTION 'fieldcrm: a row cannot move to another account' USING ERRCODE = '22023';
    END IF;
    INSERT INTO fieldcrm.record AS t (kind, id, account_id, fields, stamps)
    SELECT kind, id, account_id, fields, stamps FROM incoming WHERE kind <> 'account'
    ON CONFLICT (kind, id) DO UPDATE SET (fields, stamps) = (SELECT m.fields, m.stamps
        FROM fieldcrm.merged(t.fields, t.stamps, EXCLUDED.fields, EXCLUDED.stamps) m),
        changed_at = now(), txid = pg_current_xact_id();
    DROP TABLE incoming;
END
$$;
REVOKE ALL ON FUNCTION fieldcrm.push_batch(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.push_batch(jsonb) TO {group};

-- a delete travels as a tombstone: the row stays, marked deleted, its fields emptied
CREATE FUNCTION fieldcrm.push_delete(p_kind text, p_id uuid)
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
        UPDATE fieldcrm.account SET deleted = true, fields = '{{}}', stamps = '{{}}', changed_at = now(),
            txid = pg_current_xact_id() WHERE id = p_id;
        UPDATE fieldcrm.record SET deleted = true, fields = '{{}}', stamps = '{{}}', changed_at = now(),
            txid = pg_current_xact_id() WHERE account_id = p_id;
    ELSE
        UPDATE fieldcrm.record SET deleted = true, fields = '{{}}', stamps = '{{}}', changed_at = now(),
            txid = pg_current_xact_id() WHERE kind = p_kind AND id = p_id;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION fieldcrm.push_delete(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.push_delete(text, uuid) TO {group};

REVOKE ALL ON FUNCTION fieldcrm.check_stamps(jsonb), fieldcrm.merged(jsonb, jsonb, jsonb, jsonb),
    fieldcrm.push_account(uuid, jsonb, jsonb), fieldcrm.push_record(text, uuid, uuid, jsonb, jsonb)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.push_account(uuid, jsonb, jsonb),
    fieldcrm.push_record(text, uuid, uuid, jsonb, jsonb) TO {group};
""",
        3: schema_settings.step(group) + schema_conflicts.step(group),
        4: schema_owners.step(group) + schema_dismiss.step(group),
        5: schema_compact.step(group),
        6: schema_lean.STEP,
    }


LATEST = max(steps("g"))
assert set(OLDEST_CLIENT) == set(steps("g")), "say which clients each step still accepts"
