CREATE TABLE "credit_checks" (
	"unit_code" text COLLATE "C" NOT NULL,
	"period" text COLLATE "C" NOT NULL,
	"licences" integer NOT NULL,
	"checked" integer NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL,
	CONSTRAINT "credit_checks_unit_code_period_pk" PRIMARY KEY("unit_code","period")
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"measure_code" text COLLATE "C" NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"name" text NOT NULL,
	"legal_basis" text NOT NULL,
	"list_level" text NOT NULL,
	"list_type" text NOT NULL,
	"mandatory" text NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL,
	CONSTRAINT "measures_measure_code_effective_from_pk" PRIMARY KEY("measure_code","effective_from"),
	CONSTRAINT "measures_list_level_check" CHECK ("measures"."list_level" in ('national', 'province') or "measures"."flags" && array['list_level_missing', 'list_level_invalid']),
	CONSTRAINT "measures_list_type_check" CHECK ("measures"."list_type" in ('red', 'black', 'key_attention') or "measures"."flags" && array['list_type_missing', 'list_type_invalid']),
	CONSTRAINT "measures_mandatory_check" CHECK ("measures"."mandatory" in ('1', '0') or "measures"."flags" && array['mandatory_missing', 'mandatory_invalid'])
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"case_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"notified_date" date NOT NULL,
	"method" text NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"case_id" text COLLATE "C" NOT NULL,
	"measure_code" text COLLATE "C" NOT NULL,
	"implementing_unit" text COLLATE "C" NOT NULL,
	"received_date" date NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL,
	CONSTRAINT "receipts_case_id_measure_code_implementing_unit_pk" PRIMARY KEY("case_id","measure_code","implementing_unit")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "listed_date" date;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "term_end" date;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "valid_until" date;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "ended_date" date;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "end_reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "objections" ADD COLUMN "due_date" date;--> statement-breakpoint
ALTER TABLE "objections" ADD COLUMN "withdrawn_date" date;--> statement-breakpoint
ALTER TABLE "repairs" ADD COLUMN "accepted_date" date;--> statement-breakpoint
ALTER TABLE "repairs" ADD COLUMN "removed_date" date;--> statement-breakpoint
CREATE INDEX "credit_checks_batch_idx" ON "credit_checks" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "measures_batch_idx" ON "measures" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "notifications_batch_idx" ON "notifications" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "receipts_batch_idx" ON "receipts" USING btree ("batch_id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_end_reason_check" CHECK ("cases"."end_reason" in ('list_exit', 'term_expired', 'repaired', 'objection_upheld', '') or "cases"."flags" && array['end_reason_missing', 'end_reason_invalid']);