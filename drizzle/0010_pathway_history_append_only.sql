-- A pathway's history and its variances are appended, never rewritten (as referral and consent events).
CREATE TRIGGER pathway_events_no_update_delete
  BEFORE UPDATE OR DELETE ON pathway_events
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER pathway_variances_no_update_delete
  BEFORE UPDATE OR DELETE ON pathway_variances
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
-- a published template version never changes: enrolments are checked against the version they started on
CREATE TRIGGER pathway_templates_no_update_delete
  BEFORE UPDATE OR DELETE ON pathway_templates
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
