ALTER TYPE "public"."consent_event_kind" ADD VALUE 'scope_withdrawn';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'consent_scope_left';--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "details" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD COLUMN "assigned_to" uuid;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_assigned_to_practitioners_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TYPE "public"."conference_lobby_policy" AS ENUM('everyone', 'other_facilities', 'nobody');--> statement-breakpoint
ALTER TABLE "conferences" ADD COLUMN "lobby_policy" "conference_lobby_policy" DEFAULT 'everyone' NOT NULL;
