ALTER TYPE "public"."consent_event_kind" ADD VALUE 'scope_withdrawn';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'consent_scope_left';--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "details" jsonb DEFAULT '{}'::jsonb NOT NULL;
