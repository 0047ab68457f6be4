CREATE TABLE "scoring_method" (
	"version" serial PRIMARY KEY NOT NULL,
	"min_sample" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_method_min_sample_check" CHECK ("scoring_method"."min_sample" >= 0 AND "scoring_method"."min_sample" <= 10000)
);
