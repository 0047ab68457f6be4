CREATE TABLE "units" (
	"code" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"parent_code" text COLLATE "C",
	"region_code" text COLLATE "C",
	"line_code" text COLLATE "C",
	"batch_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_type_check" CHECK ("units"."type" in ('region', 'department', 'agency'))
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"is_workday" boolean NOT NULL,
	"source" text NOT NULL,
	"workday_index" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_key" text,
	"batch_id" integer,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_bytes" integer NOT NULL,
	"actor" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"rows" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"superseded" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"rejections" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"case_id" text COLLATE "C" NOT NULL,
	"measure_code" text COLLATE "C" NOT NULL,
	"implementing_unit" text COLLATE "C" NOT NULL,
	"initiating_unit" text COLLATE "C" NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"list_type" text NOT NULL,
	"area" text NOT NULL,
	"pushed_date" date NOT NULL,
	"due_date" date NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL,
	CONSTRAINT "cases_case_id_measure_code_implementing_unit_pk" PRIMARY KEY("case_id","measure_code","implementing_unit")
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"case_id" text COLLATE "C" NOT NULL,
	"measure_code" text COLLATE "C" NOT NULL,
	"implementing_unit" text COLLATE "C" NOT NULL,
	"feedback_date" date NOT NULL,
	"result" text NOT NULL,
	"note" text NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL,
	CONSTRAINT "feedback_case_id_measure_code_implementing_unit_feedback_date_pk" PRIMARY KEY("case_id","measure_code","implementing_unit","feedback_date")
);
--> statement-breakpoint
CREATE TABLE "objections" (
	"objection_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"case_id" text COLLATE "C" NOT NULL,
	"filed_date" date NOT NULL,
	"resolved_date" date,
	"outcome" text NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "progress" (
	"task_id" text COLLATE "C" NOT NULL,
	"unit_code" text COLLATE "C" NOT NULL,
	"report_date" date NOT NULL,
	"status" text NOT NULL,
	"percent" integer,
	"note" text NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL,
	CONSTRAINT "progress_task_id_unit_code_report_date_pk" PRIMARY KEY("task_id","unit_code","report_date")
);
--> statement-breakpoint
CREATE TABLE "records" (
	"record_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"unit_code" text COLLATE "C" NOT NULL,
	"subject_type" text NOT NULL,
	"subject_code" text NOT NULL,
	"subject_name" text NOT NULL,
	"decision_no" text NOT NULL,
	"decision_date" date NOT NULL,
	"published_date" date,
	"received_date" date,
	"compliant" boolean NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repairs" (
	"repair_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"case_id" text COLLATE "C" NOT NULL,
	"unit_code" text COLLATE "C" NOT NULL,
	"applied_date" date NOT NULL,
	"completed_date" date,
	"outcome" text NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats" (
	"unit_code" text COLLATE "C" NOT NULL,
	"catalog_item" text COLLATE "C" NOT NULL,
	"period" text COLLATE "C" NOT NULL,
	"expected" integer NOT NULL,
	"collected" integer NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL,
	CONSTRAINT "stats_unit_code_catalog_item_period_pk" PRIMARY KEY("unit_code","catalog_item","period")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"task_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"lead_unit" text COLLATE "C" NOT NULL,
	"cooperating_units" text NOT NULL,
	"due_date" date NOT NULL,
	"target" text NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"batch_id" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "units_parent_idx" ON "units" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "calendar_days_workday_index_idx" ON "calendar_days" USING btree ("workday_index");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_key");--> statement-breakpoint
CREATE INDEX "cases_due_date_idx" ON "cases" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "objections_case_idx" ON "objections" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "repairs_case_idx" ON "repairs" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "stats_period_idx" ON "stats" USING btree ("period");