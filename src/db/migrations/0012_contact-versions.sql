ALTER TABLE "contact_details" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "contact_details" ADD COLUMN "removed_at" timestamp with time zone;