-- Organisation isolation, audit chain and sign-in lookup.
-- Everything here is owned by the migrating role; the application's role (see platform/db/roles.ts)
-- is not the owner, so row-level security applies to it and it cannot alter these objects.

CREATE FUNCTION mapwell_current_organisation() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('mapwell.organisation_id', true), '')::uuid $$;
--> statement-breakpoint

ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY teams_organisation ON teams USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE agencies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY agencies_organisation ON agencies USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_organisation ON users USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE recovery_codes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY recovery_codes_organisation ON recovery_codes USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organisations_own ON organisations USING (id = mapwell_current_organisation()) WITH CHECK (id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_events_read ON audit_events FOR SELECT USING (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
-- Events about no organisation (an unknown e-mail address at sign-in) may be written from any context.
CREATE POLICY audit_events_write ON audit_events FOR INSERT WITH CHECK (organisation_id IS NULL OR organisation_id = mapwell_current_organisation());
--> statement-breakpoint

-- Sign-in must find an account before anyone's organisation is known. This is the only way across
-- the organisation boundary, and it returns only what checking a password needs.
CREATE FUNCTION mapwell_find_account_for_sign_in(candidate_email text)
  RETURNS TABLE (user_id uuid, organisation_id uuid, password_hash text, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT id, organisation_id, password_hash, status FROM users WHERE lower(email) = lower(candidate_email) $$;
--> statement-breakpoint

CREATE SEQUENCE audit_events_id_seq AS bigint;
--> statement-breakpoint

CREATE FUNCTION mapwell_audit_canonical(id bigint, occurred_at timestamptz, organisation_id uuid, actor_user_id uuid, action text, outcome text, subject_type text, subject_id text, request_id text, details jsonb, prev_hash text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT jsonb_build_array(id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), organisation_id, actor_user_id, action, outcome, subject_type, subject_id, request_id, details, prev_hash)::text $$;
--> statement-breakpoint

-- The chain: each row's hash covers its own fields and the previous row's hash. The lock makes
-- ids, times and links follow one order even when transactions commit concurrently.
CREATE FUNCTION mapwell_audit_chain() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(7265431001);
  SELECT hash INTO previous FROM audit_events ORDER BY id DESC LIMIT 1;
  NEW.id := nextval('audit_events_id_seq');
  NEW.occurred_at := clock_timestamp();
  NEW.prev_hash := coalesce(previous, repeat('0', 64));
  NEW.hash := encode(sha256(convert_to(mapwell_audit_canonical(NEW.id, NEW.occurred_at, NEW.organisation_id, NEW.actor_user_id, NEW.action, NEW.outcome, NEW.subject_type, NEW.subject_id, NEW.request_id, NEW.details, NEW.prev_hash), 'UTF8')), 'hex');
  RETURN NEW;
END $$;
--> statement-breakpoint

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION mapwell_audit_chain();
--> statement-breakpoint

CREATE FUNCTION mapwell_audit_refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$;
--> statement-breakpoint

CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION mapwell_audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION mapwell_audit_refuse_change();
