-- An issued notice is never edited: a correction is a new notice referring to it. Its progress
-- (status, public flag) may still move on.
CREATE FUNCTION wx_issued_notice_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.issued_at IS NOT NULL AND (
       NEW.title IS DISTINCT FROM OLD.title OR NEW.body IS DISTINCT FROM OLD.body
    OR NEW.addressees IS DISTINCT FROM OLD.addressees OR NEW.figures IS DISTINCT FROM OLD.figures
    OR NEW.worst_items IS DISTINCT FROM OLD.worst_items OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.year IS DISTINCT FROM OLD.year OR NEW.seq IS DISTINCT FROM OLD.seq
    OR NEW.issued_at IS DISTINCT FROM OLD.issued_at OR NEW.issued_by IS DISTINCT FROM OLD.issued_by
    OR NEW.rectification_due IS DISTINCT FROM OLD.rectification_due OR NEW.deadline_workdays IS DISTINCT FROM OLD.deadline_workdays) THEN
    RAISE EXCEPTION 'notice % is issued and cannot be changed; issue a correction instead', OLD.number
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER notices_issued_frozen BEFORE UPDATE ON notices FOR EACH ROW EXECUTE FUNCTION wx_issued_notice_frozen();
--> statement-breakpoint
CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices FOR EACH ROW EXECUTE FUNCTION wx_refuse_change();
