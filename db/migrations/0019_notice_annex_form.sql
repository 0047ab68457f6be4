CREATE TABLE "notice_annex_items" (
	"notice_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"target" text NOT NULL,
	"status" text NOT NULL,
	"item" jsonb NOT NULL,
	CONSTRAINT "notice_annex_items_notice_id_seq_pk" PRIMARY KEY("notice_id","seq")
);
--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "doc_form" integer;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "copies_to" text;--> statement-breakpoint
ALTER TABLE "notice_annex_items" ADD CONSTRAINT "notice_annex_items_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_annex_items_target_idx" ON "notice_annex_items" USING btree ("notice_id","target","seq");