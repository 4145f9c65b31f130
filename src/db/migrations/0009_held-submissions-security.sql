ALTER TABLE held_submissions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY held_submissions_organisation ON held_submissions USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
CREATE FUNCTION mapwell_remove_expired_held_submissions() RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ DELETE FROM held_submissions WHERE expires_at < now() $$;
