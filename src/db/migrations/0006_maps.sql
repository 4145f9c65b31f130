CREATE TABLE "map_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"category" text NOT NULL,
	"paired_entry_id" uuid,
	"current_version" integer DEFAULT 1 NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "map_entries_goal_paired" CHECK (("map_entries"."category" = 'goal') = ("map_entries"."paired_entry_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "map_entry_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"map_version" integer NOT NULL,
	"change" text NOT NULL,
	"text" text NOT NULL,
	"said_by_kind" text NOT NULL,
	"said_by_name" text NOT NULL,
	"said_by_person_id" uuid,
	"owner" text,
	"due_on" date,
	"done" boolean DEFAULT false NOT NULL,
	"typed_by" uuid NOT NULL,
	"typed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"episode_id" uuid NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "maps_episode_id_unique" UNIQUE("episode_id")
);
--> statement-breakpoint
CREATE TABLE "scaling_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"entry_id" uuid,
	"blind" boolean DEFAULT false NOT NULL,
	"held_on" date NOT NULL,
	"started_by" uuid NOT NULL,
	"revealed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scaling_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"perspective_kind" text NOT NULL,
	"perspective_name" text NOT NULL,
	"score" smallint NOT NULL,
	"why" text NOT NULL,
	"one_point_higher" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL,
	CONSTRAINT "scaling_scores_range" CHECK ("scaling_scores"."score" between 0 and 10)
);
--> statement-breakpoint
ALTER TABLE "map_entries" ADD CONSTRAINT "map_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_entries" ADD CONSTRAINT "map_entries_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_entry_versions" ADD CONSTRAINT "map_entry_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_entry_versions" ADD CONSTRAINT "map_entry_versions_entry_id_map_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."map_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_entry_versions" ADD CONSTRAINT "map_entry_versions_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_entry_versions" ADD CONSTRAINT "map_entry_versions_said_by_person_id_people_id_fk" FOREIGN KEY ("said_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_entry_versions" ADD CONSTRAINT "map_entry_versions_typed_by_users_id_fk" FOREIGN KEY ("typed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maps" ADD CONSTRAINT "maps_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maps" ADD CONSTRAINT "maps_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maps" ADD CONSTRAINT "maps_episode_id_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scaling_rounds" ADD CONSTRAINT "scaling_rounds_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scaling_rounds" ADD CONSTRAINT "scaling_rounds_map_id_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."maps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scaling_rounds" ADD CONSTRAINT "scaling_rounds_entry_id_map_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."map_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scaling_rounds" ADD CONSTRAINT "scaling_rounds_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scaling_scores" ADD CONSTRAINT "scaling_scores_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scaling_scores" ADD CONSTRAINT "scaling_scores_round_id_scaling_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."scaling_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scaling_scores" ADD CONSTRAINT "scaling_scores_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "map_entries_map" ON "map_entries" USING btree ("map_id");--> statement-breakpoint
CREATE UNIQUE INDEX "map_entries_one_goal_per_statement" ON "map_entries" USING btree ("paired_entry_id") WHERE "map_entries"."removed_at" IS NULL AND "map_entries"."category" = 'goal';--> statement-breakpoint
CREATE UNIQUE INDEX "map_entry_versions_entry_version" ON "map_entry_versions" USING btree ("entry_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "map_entry_versions_submission" ON "map_entry_versions" USING btree ("map_id","submission_id");--> statement-breakpoint
CREATE INDEX "map_entry_versions_map_version" ON "map_entry_versions" USING btree ("map_id","map_version");--> statement-breakpoint
CREATE INDEX "maps_family" ON "maps" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "scaling_rounds_map" ON "scaling_rounds" USING btree ("map_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "scaling_scores_one_per_perspective" ON "scaling_scores" USING btree ("round_id",lower("perspective_name"));--> statement-breakpoint
CREATE UNIQUE INDEX "scaling_scores_submission" ON "scaling_scores" USING btree ("round_id","submission_id");