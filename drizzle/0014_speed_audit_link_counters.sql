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
--> statement-breakpoint
-- Worklists (issue 16): an index for each inbox/outbox filter in the page's order
-- (urgent first, newest first, id last for keyset pagination), so a page reads its
-- 50 rows from the index; overdue counts from (facility, status, awaiting_since).
DROP INDEX IF EXISTS "referrals_inbox_order_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "referrals_outbox_order_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "referrals_inbox_status_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "referrals_outbox_status_idx";
--> statement-breakpoint
CREATE INDEX "referrals_inbox_page_idx" ON "referrals" ("destination_facility_id", "priority" DESC, "status_changed_at" DESC, "id" DESC) WHERE "status" <> 'draft';
--> statement-breakpoint
CREATE INDEX "referrals_inbox_status_idx" ON "referrals" ("destination_facility_id", "status", "priority" DESC, "status_changed_at" DESC, "id" DESC);
--> statement-breakpoint
CREATE INDEX "referrals_inbox_department_idx" ON "referrals" ("destination_facility_id", "destination_department_id", "priority" DESC, "status_changed_at" DESC, "id" DESC) WHERE "status" <> 'draft';
--> statement-breakpoint
CREATE INDEX "referrals_inbox_awaiting_idx" ON "referrals" ("destination_facility_id", "status", "awaiting_since");
--> statement-breakpoint
CREATE INDEX "referrals_outbox_page_idx" ON "referrals" ("referrer_facility_id", "priority" DESC, "status_changed_at" DESC, "id" DESC);
--> statement-breakpoint
CREATE INDEX "referrals_outbox_status_idx" ON "referrals" ("referrer_facility_id", "status", "priority" DESC, "status_changed_at" DESC, "id" DESC);
--> statement-breakpoint
CREATE INDEX "referrals_outbox_awaiting_idx" ON "referrals" ("referrer_facility_id", "status", "awaiting_since");
--> statement-breakpoint
-- a department belongs to one facility: without this the planner multiplies the two
-- filters' selectivities and expects a department's inbox to be tiny
CREATE STATISTICS IF NOT EXISTS "referrals_destination_stats" (dependencies) ON "destination_facility_id", "destination_department_id" FROM "referrals";
--> statement-breakpoint
-- The worklist chips' counts per facility, box and status, kept by statement-level
-- triggers in the transaction of every insert, transition and delete. Each backend
-- adds to a stripe of its own (pg_backend_pid() % 1024), so concurrent senders do not
-- queue on one counter row; a reader sums the stripes.
CREATE TABLE "referral_worklist_counts" (
  "facility_id" uuid NOT NULL,
  "box" text NOT NULL,
  "status" "referral_status" NOT NULL,
  "stripe" smallint NOT NULL,
  "n" integer NOT NULL,
  CONSTRAINT "referral_worklist_counts_pk" PRIMARY KEY ("facility_id", "box", "status", "stripe"),
  CONSTRAINT "referral_worklist_counts_box" CHECK ("box" IN ('inbox', 'outbox'))
);
--> statement-breakpoint
INSERT INTO "referral_worklist_counts" ("facility_id", "box", "status", "stripe", "n")
  SELECT "referrer_facility_id", 'outbox', "status", 0, count(*)::int FROM "referrals" GROUP BY 1, 3
  UNION ALL
  SELECT "destination_facility_id", 'inbox', "status", 0, count(*)::int FROM "referrals" WHERE "status" <> 'draft' GROUP BY 1, 3;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION referral_worklist_counts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO referral_worklist_counts AS c (facility_id, box, status, stripe, n)
  SELECT facility_id, box, status, (pg_backend_pid() % 1024)::smallint, sum(delta)::int
  FROM (
    SELECT referrer_facility_id AS facility_id, 'outbox' AS box, status, 1 AS delta FROM new_rows
    UNION ALL
    SELECT destination_facility_id, 'inbox', status, 1 FROM new_rows WHERE status <> 'draft'
  ) d
  GROUP BY facility_id, box, status
  ORDER BY facility_id, box, status
  ON CONFLICT (facility_id, box, status, stripe) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION referral_worklist_counts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO referral_worklist_counts AS c (facility_id, box, status, stripe, n)
  SELECT facility_id, box, status, (pg_backend_pid() % 1024)::smallint, sum(delta)::int
  FROM (
    SELECT referrer_facility_id AS facility_id, 'outbox' AS box, status, 1 AS delta FROM new_rows
    UNION ALL
    SELECT destination_facility_id, 'inbox', status, 1 FROM new_rows WHERE status <> 'draft'
    UNION ALL
    SELECT referrer_facility_id, 'outbox', status, -1 FROM old_rows
    UNION ALL
    SELECT destination_facility_id, 'inbox', status, -1 FROM old_rows WHERE status <> 'draft'
  ) d
  GROUP BY facility_id, box, status
  HAVING sum(delta) <> 0
  ORDER BY facility_id, box, status
  ON CONFLICT (facility_id, box, status, stripe) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION referral_worklist_counts_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO referral_worklist_counts AS c (facility_id, box, status, stripe, n)
  SELECT facility_id, box, status, (pg_backend_pid() % 1024)::smallint, sum(delta)::int
  FROM (
    SELECT referrer_facility_id AS facility_id, 'outbox' AS box, status, -1 AS delta FROM old_rows
    UNION ALL
    SELECT destination_facility_id, 'inbox', status, -1 FROM old_rows WHERE status <> 'draft'
  ) d
  GROUP BY facility_id, box, status
  ORDER BY facility_id, box, status
  ON CONFLICT (facility_id, box, status, stripe) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER referral_worklist_counts_insert AFTER INSERT ON "referrals"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION referral_worklist_counts_insert();
--> statement-breakpoint
CREATE TRIGGER referral_worklist_counts_update AFTER UPDATE ON "referrals"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION referral_worklist_counts_update();
--> statement-breakpoint
CREATE TRIGGER referral_worklist_counts_delete AFTER DELETE ON "referrals"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION referral_worklist_counts_delete();
