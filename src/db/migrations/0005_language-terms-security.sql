ALTER TABLE language_terms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY language_terms_organisation ON language_terms USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
