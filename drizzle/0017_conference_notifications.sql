ALTER TYPE "public"."notification_kind" ADD VALUE 'conference_invitation';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'conference_updated';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'conference_cancelled';--> statement-breakpoint
ALTER TYPE "public"."facility_kind" ADD VALUE 'visiting_nurse_station' BEFORE 'other';--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "conference_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conferences" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "practitioners" ADD COLUMN "department_id" uuid;--> statement-breakpoint
ALTER TABLE "practitioners" ADD CONSTRAINT "practitioners_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;
