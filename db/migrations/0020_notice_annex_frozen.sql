-- A notice's annex is frozen with it: its rows are written while it is issued, in the same
-- transaction, and never changed, deleted or added to afterwards.
CREATE TRIGGER notice_annex_items_immutable BEFORE UPDATE OR DELETE ON notice_annex_items
  FOR EACH ROW EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
CREATE TRIGGER notice_annex_items_no_truncate BEFORE TRUNCATE ON notice_annex_items
  FOR EACH STATEMENT EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
CREATE FUNCTION wx_annex_of_unissued_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM notices WHERE id = NEW.notice_id AND issued_at IS NOT NULL) THEN
    RAISE EXCEPTION 'notice % is issued: its annex cannot be added to', NEW.notice_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER notice_annex_items_before_issue BEFORE INSERT ON notice_annex_items
  FOR EACH ROW EXECUTE FUNCTION wx_annex_of_unissued_notice();
--> statement-breakpoint
-- the document's form and its 抄送 are part of the issued notice too
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
    OR NEW.doc_form IS DISTINCT FROM OLD.doc_form OR NEW.copies_to IS DISTINCT FROM OLD.copies_to
    OR NEW.status NOT IN ('issued', 'rectified')) THEN
    RAISE EXCEPTION 'notice % is issued and cannot be changed; issue a correction instead', OLD.number
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
