ALTER TABLE "organisations" ADD COLUMN "step_down_needs_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE TABLE "level_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"episode_id" uuid NOT NULL,
	"to_level" text,
	"change" text NOT NULL,
	"changed_on" date NOT NULL,
	"reason" text NOT NULL,
	"not_met" text[] DEFAULT '{}' NOT NULL,
	"override_reason" text,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
ALTER TABLE "level_change_requests" ADD CONSTRAINT "level_change_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_change_requests" ADD CONSTRAINT "level_change_requests_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_change_requests" ADD CONSTRAINT "level_change_requests_episode_id_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_change_requests" ADD CONSTRAINT "level_change_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_change_requests" ADD CONSTRAINT "level_change_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "level_change_requests_family" ON "level_change_requests" USING btree ("family_id","status");--> statement-breakpoint
CREATE INDEX "level_change_requests_pending" ON "level_change_requests" USING btree ("organisation_id","status","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "level_change_requests_one_pending" ON "level_change_requests" USING btree ("episode_id") WHERE "status" = 'pending';--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid,
	"user_id" uuid,
	"what_went_wrong" text NOT NULL,
	"what_they_were_doing" text NOT NULL,
	"contact_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_organisation_created" ON "feedback" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE TABLE "unclaimed_held_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"path" text NOT NULL,
	"fields_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "unclaimed_held_submissions_expires_at" ON "unclaimed_held_submissions" USING btree ("expires_at");
