ALTER TABLE "units" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "publications" ADD COLUMN "note_en" text;