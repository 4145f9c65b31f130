-- One audit chain per organisation (and one for events with no organisation), each with its own head
-- row, so councils writing at once never wait for each other. See docs/adr/0006.
ALTER TABLE "audit_events" ADD COLUMN "chain_sequence" bigint;
--> statement-breakpoint
CREATE TABLE "audit_chains" (
	"chain_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid,
	"first_prev_hash" text NOT NULL,
	"last_sequence" bigint DEFAULT 0 NOT NULL,
	"last_hash" text NOT NULL,
	CONSTRAINT "audit_chains_one_per_organisation" CHECK ("chain_id" = coalesce("organisation_id", '00000000-0000-0000-0000-000000000000'::uuid))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_position" ON "audit_events" USING btree ("organisation_id", "chain_sequence") NULLS NOT DISTINCT WHERE "chain_sequence" IS NOT NULL;
