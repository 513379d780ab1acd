"""Step 3 of the team server's schema, first part: the team's settings, personal fields, and
how long deletions are kept (schema_conflicts holds the second part).

``fieldcrm.setting`` holds the team's settings: those a manager's laptop sends (the scoring
weights and thresholds, the agenda's limits: the later stamp wins) and the server's own, set
with ``fieldcrm team set``: whether decision makers' personal fields reach the server
(``team.personal_fields``, on by default) and the longest time a laptop may stay offline
(``team.offline_days``, 180 by default).

With personal fields off, the row writer (``push_batch``, step 3) keeps them out of every person
row it stores, whoever sends it. Switching them off removes those the server holds, with their
conflicts, and
leaves a note per person (``fieldcrm.wipe``) of who wrote them, so every other laptop clears its
copies at its next sync and the writers' laptops keep theirs.

Tombstones older than the offline limit are purged at any member's sync (``fieldcrm.purge``);
the newest transaction purged is kept in ``fieldcrm.meta`` (``purged_txid``), so a laptop whose
last read is older is told to download the pipeline again.
"""

from __future__ import annotations

from fieldcrm.domain.profile import PERSONAL_FIELDS

OFFLINE_DAYS = 180
OFFLINE_LIMITS = (30, 3650)


def step(group: str) -> str:
    """The SQL of step 3's first part; ``group`` is the team's group role."""
    personal = ", ".join(f"'{f}'" for f in PERSONAL_FIELDS)
    return f"""
CREATE TABLE fieldcrm.setting (
    key text PRIMARY KEY,
    value jsonb NOT NULL,
    stamp text NOT NULL DEFAULT '',
    changed_by name NOT NULL DEFAULT session_user,
    changed_at timestamptz NOT NULL DEFAULT now(),
    txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
INSERT INTO fieldcrm.setting (key, value) VALUES
    ('team.personal_fields', 'true'), ('team.offline_days', '{OFFLINE_DAYS}');
ALTER TABLE fieldcrm.setting ENABLE ROW LEVEL SECURITY;
CREATE POLICY setting_visible ON fieldcrm.setting FOR SELECT TO {group}
    USING (fieldcrm.my_role() IS NOT NULL);
REVOKE ALL ON fieldcrm.setting FROM PUBLIC;
GRANT SELECT ON fieldcrm.setting TO {group};

CREATE TABLE fieldcrm.wipe (
    id bigserial PRIMARY KEY,
    person uuid NOT NULL,
    account_id uuid NOT NULL REFERENCES fieldcrm.account (id),
    kept_by name[] NOT NULL,  -- who wrote the fields: their laptops keep them
    txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wipe_txid ON fieldcrm.wipe (txid);
ALTER TABLE fieldcrm.wipe ENABLE ROW LEVEL SECURITY;
CREATE POLICY wipe_visible ON fieldcrm.wipe FOR SELECT TO {group}
    USING (account_id IN (SELECT id FROM fieldcrm.account));
REVOKE ALL ON fieldcrm.wipe FROM PUBLIC;
GRANT SELECT ON fieldcrm.wipe TO {group};
CREATE INDEX account_tombstones ON fieldcrm.account (changed_at) WHERE deleted;
CREATE INDEX record_tombstones ON fieldcrm.record (changed_at) WHERE deleted;

CREATE FUNCTION fieldcrm.personal_fields() RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[{personal}] $$;

CREATE FUNCTION fieldcrm.personal_fields_on() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
    SELECT coalesce((SELECT value = 'true' FROM fieldcrm.setting WHERE key = 'team.personal_fields'), true)
$$;

{set_team_setting(_WRITERS)}

-- settings a laptop sends ([{{"key", "value", "stamp"}}]): a manager's are the team's, the later
-- stamp winning; anyone else's stay on their laptop. Returns how many were taken.
CREATE FUNCTION fieldcrm.push_settings(batch jsonb)
    RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE taken integer;
BEGIN
    IF fieldcrm.my_role() IS DISTINCT FROM 'manager' THEN
        RETURN 0;
    END IF;
    PERFORM fieldcrm.check_stamps(jsonb_build_object('newest', (
        SELECT max(e ->> 'stamp') FROM jsonb_array_elements(batch) e)));
    INSERT INTO fieldcrm.setting AS s (key, value, stamp)
    SELECT e ->> 'key', e -> 'value', e ->> 'stamp' FROM jsonb_array_elements(batch) e
    WHERE e ->> 'key' NOT LIKE 'team.%'
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, stamp = EXCLUDED.stamp,
        changed_by = session_user, changed_at = now(), txid = pg_current_xact_id()
    WHERE EXCLUDED.stamp > s.stamp;
    GET DIAGNOSTICS taken = ROW_COUNT;
    RETURN taken;
END
$$;

-- tombstones older than the longest time offline go; the newest transaction purged is noted
CREATE FUNCTION fieldcrm.purge() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE
    days integer := (SELECT value::text::integer FROM fieldcrm.setting WHERE key = 'team.offline_days');
    cutoff timestamptz := now() - make_interval(days => coalesce(days, {OFFLINE_DAYS}));
    newest xid8;
    gone integer;
BEGIN
    IF fieldcrm.my_role() IS NULL THEN
        RETURN 0;
    END IF;
    SELECT max(txid) INTO newest FROM (
        SELECT txid FROM fieldcrm.record WHERE deleted AND changed_at < cutoff
        UNION ALL SELECT txid FROM fieldcrm.account WHERE deleted AND changed_at < cutoff) old;
    IF newest IS NULL THEN
        RETURN 0;
    END IF;
    DELETE FROM fieldcrm.record WHERE deleted AND changed_at < cutoff;
    GET DIAGNOSTICS gone = ROW_COUNT;
    DELETE FROM fieldcrm.wipe w USING fieldcrm.account a
    WHERE w.account_id = a.id AND a.deleted AND a.changed_at < cutoff;
    DELETE FROM fieldcrm.account a WHERE a.deleted AND a.changed_at < cutoff
        AND NOT EXISTS (SELECT 1 FROM fieldcrm.record r WHERE r.account_id = a.id);
    INSERT INTO fieldcrm.meta AS m (key, value) VALUES ('purged_txid', newest::text)
    ON CONFLICT (key) DO UPDATE SET value = greatest(m.value::xid8, EXCLUDED.value::xid8)::text;
    RETURN gone;
END
$$;

REVOKE ALL ON FUNCTION fieldcrm.personal_fields(), fieldcrm.personal_fields_on(),
    fieldcrm.set_team_setting(text, jsonb), fieldcrm.push_settings(jsonb), fieldcrm.purge() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.personal_fields(), fieldcrm.personal_fields_on(),
    fieldcrm.set_team_setting(text, jsonb), fieldcrm.push_settings(jsonb), fieldcrm.purge() TO {group};
"""


# each person row holding personal fields, and who wrote them (step 3: every field names its writer)
_WRITERS = """SELECT r.id, r.account_id, array_agg(DISTINCT w.value ->> 1)
            FROM fieldcrm.record r, jsonb_each(r.writes) w
            WHERE r.kind = 'person' AND NOT r.deleted AND w.key = ANY (fieldcrm.personal_fields())
            GROUP BY r.id, r.account_id"""


def set_team_setting(writers: str, replace: bool = False) -> str:
    """The SQL of ``fieldcrm.set_team_setting``: a manager sets one of the team's settings.
    ``writers`` selects, when personal fields are switched off, each person row holding them
    (id, account, who wrote them: their laptops keep them)."""
    low, high = OFFLINE_LIMITS
    return f"""-- the team's own settings, by a manager
{"CREATE OR REPLACE" if replace else "CREATE"} FUNCTION fieldcrm.set_team_setting(p_key text, p_value jsonb)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
BEGIN
    IF fieldcrm.my_role() IS DISTINCT FROM 'manager' THEN
        RAISE EXCEPTION 'fieldcrm: only a manager changes the team''s settings' USING ERRCODE = '42501';
    END IF;
    IF p_key = 'team.personal_fields' THEN
        IF jsonb_typeof(p_value) <> 'boolean' THEN
            RAISE EXCEPTION 'fieldcrm: personal-fields is on or off' USING ERRCODE = '22023';
        END IF;
        IF NOT p_value::text::boolean AND fieldcrm.personal_fields_on() THEN
            INSERT INTO fieldcrm.wipe (person, account_id, kept_by)
{writers};
            DELETE FROM fieldcrm.conflict WHERE kind = 'person' AND field = ANY (fieldcrm.personal_fields());
        END IF;
    ELSIF p_key = 'team.offline_days' THEN
        IF jsonb_typeof(p_value) <> 'number' OR p_value::text::numeric NOT BETWEEN {low} AND {high}
           OR p_value::text::numeric <> trunc(p_value::text::numeric) THEN
            RAISE EXCEPTION 'fieldcrm: offline-days is a whole number of days from {low} to {high}'
                USING ERRCODE = '22023';
        END IF;
    ELSE
        RAISE EXCEPTION 'fieldcrm: there is no team setting %', p_key USING ERRCODE = '22023';
    END IF;
    UPDATE fieldcrm.setting SET value = p_value, changed_by = session_user, changed_at = now(),
        txid = pg_current_xact_id() WHERE key = p_key;
    IF p_key = 'team.personal_fields' AND NOT p_value::text::boolean THEN
        UPDATE fieldcrm.record SET fields = fields - fieldcrm.personal_fields(),
            stamps = stamps - fieldcrm.personal_fields(), writes = writes - fieldcrm.personal_fields(),
            changed_at = now(), txid = pg_current_xact_id()
        WHERE kind = 'person' AND fields ?| fieldcrm.personal_fields();
    END IF;
END
$$;
"""
