CREATE TABLE "uploads" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"unit_code" text COLLATE "C",
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_bytes" integer NOT NULL,
	"format" text NOT NULL,
	"data" "bytea",
	"status" text DEFAULT 'checking' NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"checked" jsonb,
	"committed" jsonb,
	"batch_id" integer,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_at" timestamp with time zone,
	"committed_at" timestamp with time zone,
	CONSTRAINT "uploads_status_check" CHECK ("uploads"."status" IN ('checking', 'checked', 'committing', 'committed', 'failed', 'discarded')),
	CONSTRAINT "uploads_format_check" CHECK ("uploads"."format" IN ('csv', 'xlsx', 'jsonl'))
);
--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_unit_code_units_code_fk" FOREIGN KEY ("unit_code") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "uploads_created_idx" ON "uploads" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "uploads_one_at_work_idx" ON "uploads" USING btree (coalesce("unit_code", ''),"kind") WHERE "uploads"."status" IN ('checking', 'committing');