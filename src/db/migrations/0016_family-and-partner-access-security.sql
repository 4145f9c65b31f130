ALTER TABLE family_access ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY family_access_organisation ON family_access USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE partner_access ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_access_organisation ON partner_access USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE family_meetings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY family_meetings_organisation ON family_meetings USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE partner_reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_reports_organisation ON partner_reports USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE family_comments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY family_comments_organisation ON family_comments USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE sealed_family_staff ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sealed_family_staff_organisation ON sealed_family_staff USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE break_glass_grants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY break_glass_grants_organisation ON break_glass_grants USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY alerts_organisation ON alerts USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
-- Joining with an invitation code happens before anyone's organisation is known: find the
-- invitation by the code's hash, and return only where it belongs.
CREATE FUNCTION mapwell_find_invitation(candidate_hash text)
  RETURNS TABLE (access_id uuid, organisation_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT id, organisation_id FROM family_access WHERE code_hash = candidate_hash $$;
