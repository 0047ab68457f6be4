ALTER TABLE "notices" ADD COLUMN "early_close_reason" text;--> statement-breakpoint
-- The reason of an early close (the draft rests on partial data) is part of what gets issued: frozen
-- with the rest of the notice (the function of 0009, plus early_close_reason).
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
    OR NEW.early_close_reason IS DISTINCT FROM OLD.early_close_reason
    OR NEW.status NOT IN ('issued', 'rectified')) THEN
    RAISE EXCEPTION 'notice % is issued and cannot be changed; issue a correction instead', OLD.number
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
