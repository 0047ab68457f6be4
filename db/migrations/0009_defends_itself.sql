DROP INDEX "publications_period_idx";--> statement-breakpoint
ALTER TABLE "report_attachments" ALTER COLUMN "data" SET DATA TYPE bytea USING decode("data", 'base64');--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_code_units_code_fk" FOREIGN KEY ("unit_code") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_events" ADD CONSTRAINT "notice_events_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_unit_code_units_code_fk" FOREIGN KEY ("unit_code") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_refers_to_notices_id_fk" FOREIGN KEY ("refers_to") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_reports" ADD CONSTRAINT "rectification_reports_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_attachments" ADD CONSTRAINT "report_attachments_report_id_rectification_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."rectification_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_reports_one_pending" ON "rectification_reports" USING btree ("notice_id") WHERE "rectification_reports"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "report_attachments_report_idx" ON "report_attachments" USING btree ("report_id");--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_source_check" CHECK ("calendar_days"."source" in ('weekday', 'official', 'override'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_list_type_check" CHECK ("cases"."list_type" in ('red', 'black', 'key_attention') or "cases"."flags" && array['list_type_missing', 'list_type_invalid']);--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_result_check" CHECK ("feedback"."result" in ('executed', 'not_applicable', 'suspended') or "feedback"."flags" && array['result_missing', 'result_invalid']);--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_outcome_check" CHECK ("objections"."outcome" in ('upheld', 'rejected', '') or "objections"."flags" && array['outcome_missing', 'outcome_invalid']);--> statement-breakpoint
ALTER TABLE "progress" ADD CONSTRAINT "progress_status_check" CHECK ("progress"."status" in ('not_started', 'in_progress', 'done') or "progress"."flags" && array['status_missing', 'status_invalid']);--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_kind_check" CHECK ("records"."kind" in ('license', 'penalty') or "records"."flags" && array['kind_missing', 'kind_invalid']);--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_subject_type_check" CHECK ("records"."subject_type" in ('legal', 'natural') or "records"."flags" && array['subject_type_missing', 'subject_type_invalid']);--> statement-breakpoint
ALTER TABLE "repairs" ADD CONSTRAINT "repairs_outcome_check" CHECK ("repairs"."outcome" in ('approved', 'rejected', '') or "repairs"."flags" && array['outcome_missing', 'outcome_invalid']);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('office', 'unit_head', 'clerk'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_by_role_check" CHECK (("users"."role" = 'office') = ("users"."unit_code" is null));--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_grp_check" CHECK ("notices"."grp" in ('region', 'department'));--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_status_check" CHECK ("notices"."status" in ('draft', 'approved_once', 'approved', 'issued', 'rectified'));--> statement-breakpoint
ALTER TABLE "rectification_reports" ADD CONSTRAINT "rectification_reports_status_check" CHECK ("rectification_reports"."status" in ('submitted', 'returned', 'accepted'));--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_trigger_check" CHECK ("job_runs"."trigger" in ('schedule', 'manual'));--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_outcome_check" CHECK ("job_runs"."outcome" in ('running', 'ok', 'error'));--> statement-breakpoint
-- Append-only means append-only: TRUNCATE is refused too. wx_refuse_change serves row triggers
-- (UPDATE, DELETE) and statement triggers (TRUNCATE) alike, as it reads neither NEW nor OLD.
CREATE OR REPLACE FUNCTION wx_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused (rows are never changed or removed; a correction is a new row)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER publications_no_truncate BEFORE TRUNCATE ON publications
  FOR EACH STATEMENT EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
CREATE TRIGGER notices_no_truncate BEFORE TRUNCATE ON notices
  FOR EACH STATEMENT EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
-- the access log is the record of who saw what (003 (十三)); a notice's timeline is its history
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
CREATE TRIGGER notice_events_append_only BEFORE UPDATE OR DELETE ON notice_events
  FOR EACH ROW EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
CREATE TRIGGER notice_events_no_truncate BEFORE TRUNCATE ON notice_events
  FOR EACH STATEMENT EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
-- An issued notice is never edited, down to whom it addresses, for which period and by which rules;
-- only its progress (status onward to rectified, public flag) may move on.
CREATE OR REPLACE FUNCTION wx_issued_notice_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.issued_at IS NOT NULL AND (
       NEW.period IS DISTINCT FROM OLD.period OR NEW.grp IS DISTINCT FROM OLD.grp
    OR NEW.unit_code IS DISTINCT FROM OLD.unit_code OR NEW.rules IS DISTINCT FROM OLD.rules
    OR NEW.rules_version IS DISTINCT FROM OLD.rules_version OR NEW.as_of IS DISTINCT FROM OLD.as_of
    OR NEW.refers_to IS DISTINCT FROM OLD.refers_to
    OR NEW.title IS DISTINCT FROM OLD.title OR NEW.body IS DISTINCT FROM OLD.body
    OR NEW.addressees IS DISTINCT FROM OLD.addressees OR NEW.figures IS DISTINCT FROM OLD.figures
    OR NEW.worst_items IS DISTINCT FROM OLD.worst_items OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.year IS DISTINCT FROM OLD.year OR NEW.seq IS DISTINCT FROM OLD.seq
    OR NEW.issued_at IS DISTINCT FROM OLD.issued_at OR NEW.issued_by IS DISTINCT FROM OLD.issued_by
    OR NEW.rectification_due IS DISTINCT FROM OLD.rectification_due OR NEW.deadline_workdays IS DISTINCT FROM OLD.deadline_workdays
    OR NEW.status NOT IN ('issued', 'rectified')) THEN
    RAISE EXCEPTION 'notice % is issued and cannot be changed; issue a correction instead', OLD.number
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
