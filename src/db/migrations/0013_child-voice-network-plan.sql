CREATE TABLE "child_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"child_person_id" uuid NOT NULL,
	"tool" text NOT NULL,
	"held_on" date NOT NULL,
	"who_was_there" text NOT NULL,
	"path_position" smallint,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL,
	CONSTRAINT "child_sessions_path_range" CHECK ("child_sessions"."path_position" is null or "child_sessions"."path_position" between 0 and 10)
);
--> statement-breakpoint
CREATE TABLE "child_view_reasons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"child_person_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"how_observed" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "child_view_reasons_child_person_id_unique" UNIQUE("child_person_id")
);
--> statement-breakpoint
CREATE TABLE "child_words" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"child_person_id" uuid NOT NULL,
	"part" text NOT NULL,
	"position" integer NOT NULL,
	"words" text NOT NULL,
	"picture_id" uuid,
	"parents_may_see" boolean NOT NULL,
	"network_may_see" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL,
	CONSTRAINT "child_words_something" CHECK ("child_words"."words" <> '' or "child_words"."picture_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "goal_child_words" (
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"goal_entry_id" uuid NOT NULL,
	"child_words_id" uuid NOT NULL,
	"linked_by" uuid NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goal_child_words_goal_entry_id_child_words_id_pk" PRIMARY KEY("goal_entry_id","child_words_id")
);
--> statement-breakpoint
CREATE TABLE "pictures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"media_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"source" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"attendee_member_ids" uuid[] DEFAULT '{}' NOT NULL,
	"other_attendees" text DEFAULT '' NOT NULL,
	"agreed" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"relationship_to_child" text NOT NULL,
	"closeness" smallint NOT NULL,
	"commitments" text DEFAULT '' NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL,
	CONSTRAINT "network_members_closeness" CHECK ("network_members"."closeness" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "network_told_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"told_on" date NOT NULL,
	"items" text[] NOT NULL,
	"map_version" integer,
	"plan_version" integer,
	"booklets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"told_by" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booklet_additions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"booklet_id" uuid NOT NULL,
	"added_on" date NOT NULL,
	"words" text DEFAULT '' NOT NULL,
	"picture_id" uuid,
	"parents_may_see" boolean DEFAULT true NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booklet_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"booklet_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"parent_name" text NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"agrees" boolean NOT NULL,
	"responded_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booklet_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"booklet_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"shared_on" date NOT NULL,
	"how" text NOT NULL,
	"shared_by" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booklet_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"booklet_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"pages" jsonb NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booklets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"child_person_id" uuid NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety_plan_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"plan_version" integer NOT NULL,
	"agreed_by" text NOT NULL,
	"agreed_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety_plan_check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"rule_id" uuid,
	"goal_entry_id" uuid,
	"checked_on" date NOT NULL,
	"result" text NOT NULL,
	"checked_by" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL,
	CONSTRAINT "safety_plan_check_ins_one_subject" CHECK (("safety_plan_check_ins"."rule_id" is null) <> ("safety_plan_check_ins"."goal_entry_id" is null))
);
--> statement-breakpoint
CREATE TABLE "safety_plan_goal_times" (
	"organisation_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"goal_entry_id" uuid PRIMARY KEY NOT NULL,
	"weeks" smallint NOT NULL,
	CONSTRAINT "safety_plan_goal_times_weeks" CHECK ("safety_plan_goal_times"."weeks" between 1 and 104)
);
--> statement-breakpoint
CREATE TABLE "safety_plan_rule_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"plan_version" integer NOT NULL,
	"change" text NOT NULL,
	"text" text NOT NULL,
	"statement_entry_id" uuid,
	"who_makes_sure" text DEFAULT '' NOT NULL,
	"warning_signs" text DEFAULT '' NOT NULL,
	"if_broken" text DEFAULT '' NOT NULL,
	"child_words_ids" uuid[] DEFAULT '{}' NOT NULL,
	"typed_by" uuid NOT NULL,
	"typed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety_plan_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "safety_plans_family_id_unique" UNIQUE("family_id")
);
--> statement-breakpoint
CREATE TABLE "trajectory_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_on" date NOT NULL,
	"review_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"submission_id" uuid NOT NULL,
	CONSTRAINT "trajectory_stages_dates" CHECK ("trajectory_stages"."review_on" >= "trajectory_stages"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "readiness_threshold" smallint DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "map_entries" ADD COLUMN "child_words_id" uuid;--> statement-breakpoint
ALTER TABLE "child_sessions" ADD CONSTRAINT "child_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_sessions" ADD CONSTRAINT "child_sessions_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_sessions" ADD CONSTRAINT "child_sessions_child_person_id_people_id_fk" FOREIGN KEY ("child_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_sessions" ADD CONSTRAINT "child_sessions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_view_reasons" ADD CONSTRAINT "child_view_reasons_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_view_reasons" ADD CONSTRAINT "child_view_reasons_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_view_reasons" ADD CONSTRAINT "child_view_reasons_child_person_id_people_id_fk" FOREIGN KEY ("child_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_view_reasons" ADD CONSTRAINT "child_view_reasons_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_words" ADD CONSTRAINT "child_words_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_words" ADD CONSTRAINT "child_words_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_words" ADD CONSTRAINT "child_words_session_id_child_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."child_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_words" ADD CONSTRAINT "child_words_child_person_id_people_id_fk" FOREIGN KEY ("child_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_words" ADD CONSTRAINT "child_words_picture_id_pictures_id_fk" FOREIGN KEY ("picture_id") REFERENCES "public"."pictures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_child_words" ADD CONSTRAINT "goal_child_words_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_child_words" ADD CONSTRAINT "goal_child_words_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_child_words" ADD CONSTRAINT "goal_child_words_goal_entry_id_map_entries_id_fk" FOREIGN KEY ("goal_entry_id") REFERENCES "public"."map_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_child_words" ADD CONSTRAINT "goal_child_words_child_words_id_child_words_id_fk" FOREIGN KEY ("child_words_id") REFERENCES "public"."child_words"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_child_words" ADD CONSTRAINT "goal_child_words_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pictures" ADD CONSTRAINT "pictures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pictures" ADD CONSTRAINT "pictures_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pictures" ADD CONSTRAINT "pictures_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_meetings" ADD CONSTRAINT "network_meetings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_meetings" ADD CONSTRAINT "network_meetings_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_meetings" ADD CONSTRAINT "network_meetings_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_told_records" ADD CONSTRAINT "network_told_records_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_told_records" ADD CONSTRAINT "network_told_records_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_told_records" ADD CONSTRAINT "network_told_records_member_id_network_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."network_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_told_records" ADD CONSTRAINT "network_told_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_additions" ADD CONSTRAINT "booklet_additions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_additions" ADD CONSTRAINT "booklet_additions_booklet_id_booklets_id_fk" FOREIGN KEY ("booklet_id") REFERENCES "public"."booklets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_additions" ADD CONSTRAINT "booklet_additions_picture_id_pictures_id_fk" FOREIGN KEY ("picture_id") REFERENCES "public"."pictures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_additions" ADD CONSTRAINT "booklet_additions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_responses" ADD CONSTRAINT "booklet_responses_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_responses" ADD CONSTRAINT "booklet_responses_booklet_id_booklets_id_fk" FOREIGN KEY ("booklet_id") REFERENCES "public"."booklets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_responses" ADD CONSTRAINT "booklet_responses_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_shares" ADD CONSTRAINT "booklet_shares_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_shares" ADD CONSTRAINT "booklet_shares_booklet_id_booklets_id_fk" FOREIGN KEY ("booklet_id") REFERENCES "public"."booklets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_shares" ADD CONSTRAINT "booklet_shares_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_versions" ADD CONSTRAINT "booklet_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_versions" ADD CONSTRAINT "booklet_versions_booklet_id_booklets_id_fk" FOREIGN KEY ("booklet_id") REFERENCES "public"."booklets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_versions" ADD CONSTRAINT "booklet_versions_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklets" ADD CONSTRAINT "booklets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklets" ADD CONSTRAINT "booklets_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklets" ADD CONSTRAINT "booklets_child_person_id_people_id_fk" FOREIGN KEY ("child_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklets" ADD CONSTRAINT "booklets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_agreements" ADD CONSTRAINT "safety_plan_agreements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_agreements" ADD CONSTRAINT "safety_plan_agreements_plan_id_safety_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."safety_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_agreements" ADD CONSTRAINT "safety_plan_agreements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_check_ins" ADD CONSTRAINT "safety_plan_check_ins_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_check_ins" ADD CONSTRAINT "safety_plan_check_ins_plan_id_safety_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."safety_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_check_ins" ADD CONSTRAINT "safety_plan_check_ins_rule_id_safety_plan_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."safety_plan_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_check_ins" ADD CONSTRAINT "safety_plan_check_ins_goal_entry_id_map_entries_id_fk" FOREIGN KEY ("goal_entry_id") REFERENCES "public"."map_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_check_ins" ADD CONSTRAINT "safety_plan_check_ins_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_goal_times" ADD CONSTRAINT "safety_plan_goal_times_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_goal_times" ADD CONSTRAINT "safety_plan_goal_times_plan_id_safety_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."safety_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_goal_times" ADD CONSTRAINT "safety_plan_goal_times_goal_entry_id_map_entries_id_fk" FOREIGN KEY ("goal_entry_id") REFERENCES "public"."map_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_rule_versions" ADD CONSTRAINT "safety_plan_rule_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_rule_versions" ADD CONSTRAINT "safety_plan_rule_versions_rule_id_safety_plan_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."safety_plan_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_rule_versions" ADD CONSTRAINT "safety_plan_rule_versions_plan_id_safety_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."safety_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_rule_versions" ADD CONSTRAINT "safety_plan_rule_versions_statement_entry_id_map_entries_id_fk" FOREIGN KEY ("statement_entry_id") REFERENCES "public"."map_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_rule_versions" ADD CONSTRAINT "safety_plan_rule_versions_typed_by_users_id_fk" FOREIGN KEY ("typed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_rules" ADD CONSTRAINT "safety_plan_rules_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plan_rules" ADD CONSTRAINT "safety_plan_rules_plan_id_safety_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."safety_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plans" ADD CONSTRAINT "safety_plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_plans" ADD CONSTRAINT "safety_plans_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectory_stages" ADD CONSTRAINT "trajectory_stages_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectory_stages" ADD CONSTRAINT "trajectory_stages_plan_id_safety_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."safety_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectory_stages" ADD CONSTRAINT "trajectory_stages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "child_sessions_child" ON "child_sessions" USING btree ("child_person_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "child_sessions_submission" ON "child_sessions" USING btree ("family_id","submission_id");--> statement-breakpoint
CREATE INDEX "child_words_session" ON "child_words" USING btree ("session_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "child_words_submission" ON "child_words" USING btree ("family_id","submission_id");--> statement-breakpoint
CREATE INDEX "child_words_family" ON "child_words" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "goal_child_words_family" ON "goal_child_words" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "pictures_family" ON "pictures" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "network_meetings_family" ON "network_meetings" USING btree ("family_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "network_meetings_submission" ON "network_meetings" USING btree ("family_id","submission_id");--> statement-breakpoint
CREATE INDEX "network_members_family" ON "network_members" USING btree ("family_id");--> statement-breakpoint
CREATE UNIQUE INDEX "network_members_submission" ON "network_members" USING btree ("family_id","submission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "network_members_person" ON "network_members" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "network_told_member" ON "network_told_records" USING btree ("member_id","told_on");--> statement-breakpoint
CREATE UNIQUE INDEX "network_told_submission" ON "network_told_records" USING btree ("family_id","submission_id");--> statement-breakpoint
CREATE INDEX "booklet_additions_booklet" ON "booklet_additions" USING btree ("booklet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "booklet_additions_submission" ON "booklet_additions" USING btree ("booklet_id","submission_id");--> statement-breakpoint
CREATE INDEX "booklet_responses_booklet" ON "booklet_responses" USING btree ("booklet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "booklet_responses_submission" ON "booklet_responses" USING btree ("booklet_id","submission_id");--> statement-breakpoint
CREATE INDEX "booklet_shares_booklet" ON "booklet_shares" USING btree ("booklet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "booklet_shares_submission" ON "booklet_shares" USING btree ("booklet_id","submission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "booklet_versions_version" ON "booklet_versions" USING btree ("booklet_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "booklet_versions_submission" ON "booklet_versions" USING btree ("booklet_id","submission_id");--> statement-breakpoint
CREATE INDEX "booklets_family" ON "booklets" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "safety_plan_agreements_plan" ON "safety_plan_agreements" USING btree ("plan_id","plan_version");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_plan_agreements_submission" ON "safety_plan_agreements" USING btree ("plan_id","submission_id");--> statement-breakpoint
CREATE INDEX "safety_plan_check_ins_plan" ON "safety_plan_check_ins" USING btree ("plan_id","checked_on");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_plan_check_ins_submission" ON "safety_plan_check_ins" USING btree ("plan_id","submission_id",coalesce("rule_id", "goal_entry_id"));--> statement-breakpoint
CREATE UNIQUE INDEX "safety_plan_rule_versions_version" ON "safety_plan_rule_versions" USING btree ("rule_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_plan_rule_versions_submission" ON "safety_plan_rule_versions" USING btree ("plan_id","submission_id");--> statement-breakpoint
CREATE INDEX "safety_plan_rule_versions_plan" ON "safety_plan_rule_versions" USING btree ("plan_id","plan_version");--> statement-breakpoint
CREATE INDEX "safety_plan_rules_plan" ON "safety_plan_rules" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "trajectory_stages_plan" ON "trajectory_stages" USING btree ("plan_id","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "trajectory_stages_submission" ON "trajectory_stages" USING btree ("plan_id","submission_id");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_readiness_threshold" CHECK ("organisations"."readiness_threshold" between 0 and 10);