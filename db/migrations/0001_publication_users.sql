CREATE TABLE "publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"period" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"as_of" date NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"method" jsonb NOT NULL,
	"document" jsonb NOT NULL,
	"json_body" text NOT NULL,
	"csv_body" text NOT NULL,
	CONSTRAINT "publications_period_version" UNIQUE("period","version")
);
--> statement-breakpoint
CREATE TABLE "access_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"username" text NOT NULL,
	"role" text NOT NULL,
	"user_unit" text,
	"action" text NOT NULL,
	"target_unit" text,
	"allowed" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text COLLATE "C" NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"unit_code" text COLLATE "C",
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE INDEX "publications_period_idx" ON "publications" USING btree ("period");--> statement-breakpoint
CREATE INDEX "access_log_at_idx" ON "access_log" USING btree ("at");