-- Organisation isolation for the family record, and typo-tolerant name search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
ALTER TABLE families ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY families_organisation ON families USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY people_organisation ON people USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE relationships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY relationships_organisation ON relationships USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE contact_details ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY contact_details_organisation ON contact_details USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE episodes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY episodes_organisation ON episodes USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE level_changes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY level_changes_organisation ON level_changes USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE chronology_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY chronology_events_organisation ON chronology_events USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
CREATE INDEX people_name_trigram ON people USING gin (lower(given_name || ' ' || family_name || coalesce(' ' || known_as, '')) gin_trgm_ops);
