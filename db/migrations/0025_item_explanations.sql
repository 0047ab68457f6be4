CREATE TABLE "item_explanations" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_code" text COLLATE "C" NOT NULL,
	"target" text NOT NULL,
	"item_key" text COLLATE "C" NOT NULL,
	"period" text COLLATE "C" NOT NULL,
	"text" text NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "item_explanations_item_key" UNIQUE("unit_code","target","item_key"),
	CONSTRAINT "item_explanations_target_check" CHECK ("item_explanations"."target" in ('publication_timeliness', 'collection_timeliness', 'compliance', 'coverage', 'feedback_timeliness', 'violations')),
	CONSTRAINT "item_explanations_text_check" CHECK (char_length("item_explanations"."text") between 1 and 500),
	CONSTRAINT "item_explanations_period_check" CHECK ("item_explanations"."period" ~ '^[0-9]{4}-[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "item_explanations" ADD CONSTRAINT "item_explanations_unit_code_units_code_fk" FOREIGN KEY ("unit_code") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_explanations_unit_period_idx" ON "item_explanations" USING btree ("unit_code","period");