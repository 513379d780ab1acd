"""Step 4 of the team server's schema, second part: a conflict dismissed.

A kept value that its author (or a manager) decides not to restore is dismissed: it stays on the
server, dated and attributed (``dismissed_at``, ``dismissed_by``), but no longer counts as open
in ``fieldcrm team conflicts``, ``team status`` or the app's conflicts screen.
"""

from __future__ import annotations


def step(group: str) -> str:
    """The SQL of step 4's second part; ``group`` is the team's group role."""
    return f"""
ALTER TABLE fieldcrm.conflict ADD COLUMN dismissed_at timestamptz, ADD COLUMN dismissed_by name;

CREATE FUNCTION fieldcrm.dismiss_conflict(p_id bigint)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = fieldcrm, pg_temp AS $$
DECLARE c fieldcrm.conflict;
BEGIN
    SELECT * INTO c FROM fieldcrm.conflict x WHERE x.id = p_id AND x.account_id IN (
        SELECT a.id FROM fieldcrm.account a WHERE a.owner IN (SELECT fieldcrm.visible_owners()))
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'fieldcrm: there is no conflict %', p_id USING ERRCODE = '22023';
    END IF;
    IF c.author <> session_user AND fieldcrm.my_role() IS DISTINCT FROM 'manager' THEN
        RAISE EXCEPTION 'fieldcrm: only its author or a manager dismisses a value' USING ERRCODE = '42501';
    END IF;
    IF c.restored_at IS NOT NULL OR c.dismissed_at IS NOT NULL THEN
        RAISE EXCEPTION 'fieldcrm: conflict % is settled already', p_id USING ERRCODE = '22023';
    END IF;
    UPDATE fieldcrm.conflict SET dismissed_at = now(), dismissed_by = session_user WHERE id = p_id;
END
$$;
REVOKE ALL ON FUNCTION fieldcrm.dismiss_conflict(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fieldcrm.dismiss_conflict(bigint) TO {group};
"""
