-- Who a browser's session belonged to, after the session has gone: organisation rows, so
-- row-level security like the others. They are read only by token hash, before anyone's
-- organisation is known, through the function below.
ALTER TABLE ended_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ended_sessions_organisation ON ended_sessions USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint

-- Only someone holding the ended session's token (whose hash is the argument) learns whose it was.
CREATE FUNCTION mapwell_find_ended_session(candidate_hash text)
  RETURNS TABLE (session_id uuid, user_id uuid, organisation_id uuid, reason text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT session_id, user_id, organisation_id, reason FROM ended_sessions WHERE token_hash = candidate_hash AND forget_at > now() $$;
--> statement-breakpoint

-- The sweeper removes sessions of every organisation that have timed out, and remembers for
-- remember_seconds whose each signed-in one was, in the same statement.
CREATE FUNCTION mapwell_end_timed_out_sessions(idle_seconds integer, remember_seconds integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  removed integer;
BEGIN
  WITH gone AS (
    DELETE FROM sessions
     WHERE absolute_expires_at < now()
        OR (stage = 'signed-in' AND last_active_at < now() - make_interval(secs => idle_seconds))
    RETURNING token_hash, id, user_id, organisation_id, stage, absolute_expires_at
  ), remembered AS (
    INSERT INTO ended_sessions (token_hash, session_id, user_id, organisation_id, reason, ended_at, forget_at)
    SELECT token_hash, id, user_id, organisation_id,
           CASE WHEN absolute_expires_at < now() THEN 'absolute' ELSE 'idle' END,
           now(), now() + make_interval(secs => remember_seconds)
      FROM gone WHERE stage = 'signed-in'
    ON CONFLICT (token_hash) DO NOTHING
    RETURNING 1
  )
  SELECT count(*) INTO removed FROM gone;
  RETURN removed;
END $$;
--> statement-breakpoint

CREATE FUNCTION mapwell_remove_expired_ended_sessions() RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ DELETE FROM ended_sessions WHERE forget_at < now() $$;
