ALTER TABLE level_change_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY level_change_requests_organisation ON level_change_requests USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint

-- Feedback from someone signed in belongs to their organisation and only it may read it; feedback
-- from someone not signed in belongs to no organisation and may be written from any context, but
-- read by nobody through the application's role (no organisation's administrators may see it).
ALTER TABLE feedback ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY feedback_read ON feedback FOR SELECT USING (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
CREATE POLICY feedback_write ON feedback FOR INSERT WITH CHECK (organisation_id IS NULL OR organisation_id = mapwell_current_organisation());
--> statement-breakpoint

-- A form sent with no session at all: whose it is becomes known only when someone signs in and
-- proves (by the form's CSRF token) that the page was theirs. It is encrypted, and kept an hour.
CREATE OR REPLACE FUNCTION mapwell_remove_expired_held_submissions() RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ DELETE FROM held_submissions WHERE expires_at < now(); DELETE FROM unclaimed_held_submissions WHERE expires_at < now() $$;
