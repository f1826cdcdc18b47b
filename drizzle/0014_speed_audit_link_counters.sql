-- Issue 16: audit events are appended without a lock and linked into the chain
-- afterwards by one chaining writer (server/domain/audit/link-audit-events.ts).
-- seq comes from a sequence at insert (ordered, unique; a rolled-back append
-- leaves a gap that the linker fills with an "audit.gap" event, so the chain
-- stays dense and a missing seq still means a deletion). prev_hash and hash are
-- empty until linked; key_id is the key active when the event was written.
CREATE SEQUENCE IF NOT EXISTS "audit_events_seq_seq" AS bigint OWNED BY "audit_events"."seq";
--> statement-breakpoint
SELECT setval('audit_events_seq_seq', coalesce((SELECT max("seq") FROM "audit_events"), 0) + 1, false);
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "seq" SET DEFAULT nextval('audit_events_seq_seq');
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "audit_events_pending_idx" ON "audit_events" ("seq") WHERE "hash" IS NULL;
--> statement-breakpoint
-- The one change the log allows: sealing a pending event (its links set once,
-- nothing else touched). Everything else is refused as before.
CREATE OR REPLACE FUNCTION audit_events_seal_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.prev_hash IS NULL
     AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
     AND (NEW.id, NEW.seq, NEW.occurred_at, NEW.actor_id, NEW.actor_facility_id, NEW.patient_id,
          NEW.action, NEW.purpose, NEW.outcome, NEW.details, NEW.ip, NEW.key_id)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.seq, OLD.occurred_at, OLD.actor_id, OLD.actor_facility_id, OLD.patient_id,
          OLD.action, OLD.purpose, OLD.outcome, OLD.details, OLD.ip, OLD.key_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_events_no_update_delete ON audit_events;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_seal_only();
