ALTER TABLE "family_meetings" ADD COLUMN "starts_at" time;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "work_phone" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "out_of_hours_phone" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "out_of_hours_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE TABLE "booklet_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"booklet_id" uuid NOT NULL,
	"booklet_version" integer NOT NULL,
	"page_number" integer,
	"reply_to_id" uuid,
	"text" text NOT NULL,
	"author_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submission_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "booklet_comments" ADD CONSTRAINT "booklet_comments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_comments" ADD CONSTRAINT "booklet_comments_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_comments" ADD CONSTRAINT "booklet_comments_booklet_id_booklets_id_fk" FOREIGN KEY ("booklet_id") REFERENCES "public"."booklets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_comments" ADD CONSTRAINT "booklet_comments_reply_to_id_booklet_comments_id_fk" FOREIGN KEY ("reply_to_id") REFERENCES "public"."booklet_comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_comments" ADD CONSTRAINT "booklet_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booklet_comments" ADD CONSTRAINT "booklet_comments_page_number" CHECK ("page_number" IS NULL OR "page_number" >= 1);--> statement-breakpoint
CREATE INDEX "booklet_comments_booklet" ON "booklet_comments" USING btree ("booklet_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "booklet_comments_submission" ON "booklet_comments" USING btree ("family_id","submission_id");--> statement-breakpoint
ALTER TABLE booklet_comments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY booklet_comments_organisation ON booklet_comments USING (organisation_id = mapwell_current_organisation()) WITH CHECK (organisation_id = mapwell_current_organisation());
