ALTER TABLE "care_team_members" ADD COLUMN "unread_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD COLUMN "unread_since" timestamp with time zone;--> statement-breakpoint
-- the counts as they were (unread_since null: everything not written by the member and not read by them)
UPDATE "care_team_members" m SET "unread_count" = (
  SELECT count(*)::int FROM "care_team_posts" p
  WHERE p."patient_id" = m."patient_id" AND p."author_id" <> m."practitioner_id"
    AND NOT EXISTS (SELECT 1 FROM "care_team_reads" r WHERE r."post_id" = p."id" AND r."practitioner_id" = m."practitioner_id")
);
