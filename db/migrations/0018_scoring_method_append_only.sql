-- The method's history is its audit: a setting is changed by a new version, never by editing or deleting one.
CREATE TRIGGER scoring_method_append_only BEFORE UPDATE OR DELETE ON scoring_method
  FOR EACH ROW EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
CREATE TRIGGER scoring_method_no_truncate BEFORE TRUNCATE ON scoring_method
  FOR EACH STATEMENT EXECUTE FUNCTION wx_refuse_change();
