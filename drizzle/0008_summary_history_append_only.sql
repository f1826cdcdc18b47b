-- What was sent, and who confirmed receiving it, is never rewritten: an amendment adds a version.
CREATE TRIGGER discharge_summary_versions_no_update_delete
  BEFORE UPDATE OR DELETE ON discharge_summary_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER discharge_summary_acknowledgements_no_update_delete
  BEFORE UPDATE OR DELETE ON discharge_summary_acknowledgements
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
