CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text COLLATE "C" NOT NULL,
	"role" text NOT NULL,
	"unit_code" text COLLATE "C",
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"address" text
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "failed_logins" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sessions_username_idx" ON "sessions" USING btree ("username");--> statement-breakpoint
-- Before this migration the demo loader was the only way a user came to exist: every one of them is a demo account.
UPDATE "users" SET "demo" = true;
