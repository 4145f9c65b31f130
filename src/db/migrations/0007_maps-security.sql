ALTER TABLE maps ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY maps_organisation ON maps USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE map_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY map_entries_organisation ON map_entries USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE map_entry_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY map_entry_versions_organisation ON map_entry_versions USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE scaling_rounds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY scaling_rounds_organisation ON scaling_rounds USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE scaling_scores ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY scaling_scores_organisation ON scaling_scores USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE map_entries ADD CONSTRAINT map_entries_paired_entry_fk FOREIGN KEY (paired_entry_id) REFERENCES map_entries(id);
