ALTER TABLE "import_batches" ADD COLUMN "channel" text DEFAULT 'cli' NOT NULL;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "status" text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "unit_codes" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "undone_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "undone_by" text;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "undo_reason" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "before_batch_id" integer;--> statement-breakpoint
CREATE INDEX "import_batches_unit_codes_idx" ON "import_batches" USING gin ("unit_codes");--> statement-breakpoint
CREATE INDEX "audit_log_batch_idx" ON "audit_log" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "audit_log_before_batch_idx" ON "audit_log" USING btree ("before_batch_id");--> statement-breakpoint
CREATE INDEX "records_batch_idx" ON "records" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "stats_batch_idx" ON "stats" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "cases_batch_idx" ON "cases" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "feedback_batch_idx" ON "feedback" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "objections_batch_idx" ON "objections" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "repairs_batch_idx" ON "repairs" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "tasks_batch_idx" ON "tasks" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "progress_batch_idx" ON "progress" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "units_batch_idx" ON "units" USING btree ("batch_id");--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_channel_check" CHECK ("import_batches"."channel" in ('cli', 'api', 'upload', 'demo'));--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_status_check" CHECK ("import_batches"."status" in ('running', 'done', 'failed', 'undone'));--> statement-breakpoint
-- Batches stored before this migration came from the command line, or from the demo loader (its actor).
UPDATE "import_batches" SET "channel" = 'demo' WHERE "actor" = 'demo';--> statement-breakpoint
-- The units their rows name (lib/ingest/batch-units.ts), as far as the rows still carry the batch: a row
-- that a later batch changed now names that batch. Batches imported from now on record them whole.
UPDATE "import_batches" b SET "unit_codes" = x.codes FROM (SELECT batch_id, array_agg(DISTINCT code) AS codes FROM units WHERE batch_id IS NOT NULL GROUP BY batch_id) x
  WHERE b.id = x.batch_id AND b.kind = 'units';--> statement-breakpoint
UPDATE "import_batches" b SET "unit_codes" = x.codes FROM (SELECT batch_id, array_agg(DISTINCT unit_code) AS codes FROM records GROUP BY batch_id) x
  WHERE b.id = x.batch_id AND b.kind = 'records';--> statement-breakpoint
UPDATE "import_batches" b SET "unit_codes" = x.codes FROM (SELECT batch_id, array_agg(DISTINCT unit_code) AS codes FROM stats GROUP BY batch_id) x
  WHERE b.id = x.batch_id AND b.kind = 'stats';--> statement-breakpoint
UPDATE "import_batches" b SET "unit_codes" = x.codes FROM (SELECT batch_id, array_agg(DISTINCT u) AS codes FROM cases, unnest(array[implementing_unit, initiating_unit]) AS u GROUP BY batch_id) x
  WHERE b.id = x.batch_id AND b.kind = 'cases';--> statement-breakpoint
UPDATE "import_batches" b SET "unit_codes" = x.codes FROM (SELECT batch_id, array_agg(DISTINCT implementing_unit) AS codes FROM feedback GROUP BY batch_id) x
  WHERE b.id = x.batch_id AND b.kind = 'feedback';--> statement-breakpoint
UPDATE "import_batches" b SET "unit_codes" = x.codes
  FROM (SELECT o.batch_id, array_agg(DISTINCT c.implementing_unit) AS codes FROM objections o JOIN cases c ON c.case_id = o.case_id GROUP BY o.batch_id) x
  WHERE b.id = x.batch_id AND b.kind = 'objections';--> statement-breakpoint
UPDATE "import_batches" b SET "unit_codes" = x.codes FROM (SELECT batch_id, array_agg(DISTINCT unit_code) AS codes FROM repairs GROUP BY batch_id) x
  WHERE b.id = x.batch_id AND b.kind = 'repairs';--> statement-breakpoint
UPDATE "import_batches" b SET "unit_codes" = x.codes FROM (SELECT batch_id, array_agg(DISTINCT lead_unit) AS codes FROM tasks GROUP BY batch_id) x
  WHERE b.id = x.batch_id AND b.kind = 'tasks';--> statement-breakpoint
UPDATE "import_batches" b SET "unit_codes" = x.codes FROM (SELECT batch_id, array_agg(DISTINCT unit_code) AS codes FROM progress GROUP BY batch_id) x
  WHERE b.id = x.batch_id AND b.kind = 'progress';
