CREATE TYPE "public"."nursing_instruction_kind" AS ENUM('regular', 'special');--> statement-breakpoint
CREATE TYPE "public"."nursing_instruction_status" AS ENUM('draft', 'sent', 'acknowledged', 'superseded');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'nursing_instruction_received';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'nursing_instruction_acknowledged';--> statement-breakpoint
CREATE TABLE "nursing_instructions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_number" text,
	"kind" "nursing_instruction_kind" DEFAULT 'regular' NOT NULL,
	"status" "nursing_instruction_status" DEFAULT 'draft' NOT NULL,
	"patient_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"author_facility_id" uuid NOT NULL,
	"station_facility_id" uuid,
	"period_start" date,
	"period_end" date,
	"content" jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by_id" uuid,
	"superseded_by_id" uuid,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "nursing_instruction_id" uuid;--> statement-breakpoint
ALTER TABLE "nursing_instructions" ADD CONSTRAINT "nursing_instructions_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nursing_instructions" ADD CONSTRAINT "nursing_instructions_author_id_practitioners_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nursing_instructions" ADD CONSTRAINT "nursing_instructions_author_facility_id_facilities_id_fk" FOREIGN KEY ("author_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nursing_instructions" ADD CONSTRAINT "nursing_instructions_station_facility_id_facilities_id_fk" FOREIGN KEY ("station_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nursing_instructions" ADD CONSTRAINT "nursing_instructions_acknowledged_by_id_practitioners_id_fk" FOREIGN KEY ("acknowledged_by_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "nursing_instructions_document_number_uq" ON "nursing_instructions" USING btree ("author_facility_id","document_number");--> statement-breakpoint
CREATE INDEX "nursing_instructions_station_idx" ON "nursing_instructions" USING btree ("station_facility_id","status","period_end");--> statement-breakpoint
CREATE INDEX "nursing_instructions_author_idx" ON "nursing_instructions" USING btree ("author_facility_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "nursing_instructions_patient_idx" ON "nursing_instructions" USING btree ("patient_id","station_facility_id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_nursing_instruction_id_nursing_instructions_id_fk" FOREIGN KEY ("nursing_instruction_id") REFERENCES "public"."nursing_instructions"("id") ON DELETE no action ON UPDATE no action;