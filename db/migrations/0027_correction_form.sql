ALTER TABLE "import_batches" DROP CONSTRAINT "import_batches_channel_check";--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_channel_check" CHECK ("import_batches"."channel" in ('cli', 'api', 'upload', 'demo', 'form'));