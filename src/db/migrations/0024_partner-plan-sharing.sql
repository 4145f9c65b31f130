-- Whether the family agreed that invited partners may see the safety plan rules that name them
-- or their agency. One row a family; no row means they have not agreed (the default is off).
CREATE TABLE "family_sharing_choices" (
	"family_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"plan_rules_with_partners" boolean DEFAULT false NOT NULL,
	"agreed_by" text DEFAULT '' NOT NULL,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "family_sharing_choices" ADD CONSTRAINT "family_sharing_choices_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_sharing_choices" ADD CONSTRAINT "family_sharing_choices_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_sharing_choices" ADD CONSTRAINT "family_sharing_choices_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE family_sharing_choices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY family_sharing_choices_organisation ON family_sharing_choices USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
