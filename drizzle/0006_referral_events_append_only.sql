-- The referral loop's history is appended, never rewritten (as audit and consent events).
CREATE TRIGGER referral_events_no_update_delete
  BEFORE UPDATE OR DELETE ON referral_events
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
