ALTER TYPE "public"."notification_kind" ADD VALUE 'nursing_instruction_cancelled' BEFORE 'reading_requested';--> statement-breakpoint
ALTER TYPE "public"."nursing_instruction_status" ADD VALUE 'cancelled';--> statement-breakpoint
ALTER TABLE "nursing_instructions" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "nursing_instructions" ADD COLUMN "cancelled_by_id" uuid;--> statement-breakpoint
ALTER TABLE "nursing_instructions" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "nursing_instructions" ADD CONSTRAINT "nursing_instructions_cancelled_by_id_practitioners_id_fk" FOREIGN KEY ("cancelled_by_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;