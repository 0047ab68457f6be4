CREATE TABLE "notice_rules" (
	"version" serial PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"period" text COLLATE "C" NOT NULL,
	"grp" text NOT NULL,
	"unit_code" text COLLATE "C" NOT NULL,
	"rules" text[] NOT NULL,
	"rules_version" integer NOT NULL,
	"as_of" date NOT NULL,
	"figures" jsonb NOT NULL,
	"worst_items" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"addressees" text NOT NULL,
	"deadline_workdays" integer DEFAULT 15 NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"year" integer,
	"seq" integer,
	"number" text,
	"issued_by" text,
	"issued_at" timestamp with time zone,
	"rectification_due" date,
	"is_public" boolean DEFAULT false NOT NULL,
	"refers_to" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notices_number" UNIQUE("year","seq")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notices_unit_period" ON "notices" USING btree ("period","grp","unit_code") WHERE "notices"."refers_to" IS NULL;--> statement-breakpoint
CREATE INDEX "notices_unit_idx" ON "notices" USING btree ("unit_code");