-- Every saved text of a partner's report, so that a change never loses the words it replaced,
-- and a submission sent twice is found by its id whichever version it made.
ALTER TABLE "partner_reports" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE TABLE "partner_report_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"report_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"worries" text NOT NULL,
	"working_well" text NOT NULL,
	"needs_to_happen" text NOT NULL,
	"scale" smallint,
	"typed_by" uuid NOT NULL,
	"typed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "partner_report_versions" ADD CONSTRAINT "partner_report_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_report_versions" ADD CONSTRAINT "partner_report_versions_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_report_versions" ADD CONSTRAINT "partner_report_versions_report_id_partner_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."partner_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_report_versions" ADD CONSTRAINT "partner_report_versions_typed_by_users_id_fk" FOREIGN KEY ("typed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_report_versions" ADD CONSTRAINT "partner_report_versions_scale" CHECK ("scale" is null or "scale" between 0 and 10);--> statement-breakpoint
CREATE UNIQUE INDEX "partner_report_versions_version" ON "partner_report_versions" USING btree ("report_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_report_versions_submission" ON "partner_report_versions" USING btree ("family_id","submission_id");--> statement-breakpoint
-- The reports written before versions were kept: their text now is their first version.
INSERT INTO "partner_report_versions" ("organisation_id", "family_id", "report_id", "version", "worries", "working_well", "needs_to_happen", "scale", "typed_by", "typed_at", "submission_id")
	SELECT "organisation_id", "family_id", "id", 1, "worries", "working_well", "needs_to_happen", "scale", "author_id", "submitted_at", "submission_id" FROM "partner_reports";--> statement-breakpoint
ALTER TABLE partner_report_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partner_report_versions_organisation ON partner_report_versions USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
