ALTER TABLE "users" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "mailed_at" timestamp with time zone;