ALTER TABLE pictures ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY pictures_organisation ON pictures USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE child_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY child_sessions_organisation ON child_sessions USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE child_words ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY child_words_organisation ON child_words USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE child_view_reasons ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY child_view_reasons_organisation ON child_view_reasons USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE goal_child_words ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY goal_child_words_organisation ON goal_child_words USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE network_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY network_members_organisation ON network_members USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE network_told_records ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY network_told_records_organisation ON network_told_records USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE network_meetings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY network_meetings_organisation ON network_meetings USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE booklets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY booklets_organisation ON booklets USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE booklet_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY booklet_versions_organisation ON booklet_versions USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE booklet_responses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY booklet_responses_organisation ON booklet_responses USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE booklet_shares ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY booklet_shares_organisation ON booklet_shares USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE booklet_additions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY booklet_additions_organisation ON booklet_additions USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE safety_plans ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY safety_plans_organisation ON safety_plans USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE safety_plan_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY safety_plan_rules_organisation ON safety_plan_rules USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE safety_plan_rule_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY safety_plan_rule_versions_organisation ON safety_plan_rule_versions USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE safety_plan_agreements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY safety_plan_agreements_organisation ON safety_plan_agreements USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE safety_plan_check_ins ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY safety_plan_check_ins_organisation ON safety_plan_check_ins USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE safety_plan_goal_times ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY safety_plan_goal_times_organisation ON safety_plan_goal_times USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE trajectory_stages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY trajectory_stages_organisation ON trajectory_stages USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
--> statement-breakpoint
ALTER TABLE map_entries ADD CONSTRAINT map_entries_child_words_fk FOREIGN KEY (child_words_id) REFERENCES child_words(id);
