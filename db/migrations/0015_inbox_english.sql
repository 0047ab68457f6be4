ALTER TABLE "inbox" ADD COLUMN "title_en" text;--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "body_en" text;