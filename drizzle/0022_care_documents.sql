CREATE TYPE "public"."care_document_status" AS ENUM('draft', 'sent', 'acknowledged', 'answered', 'discarded', 'cancelled');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'care_document_received';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'care_document_replied';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'care_document_cancelled';--> statement-breakpoint
CREATE TABLE "care_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" "care_document_status" DEFAULT 'draft' NOT NULL,
	"document_number" text,
	"patient_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"author_facility_id" uuid NOT NULL,
	"recipient_facility_id" uuid,
	"recipient_practitioner_id" uuid,
	"content" jsonb NOT NULL,
	"due_on" date,
	"ends_on" date,
	"sent_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"replied_by_id" uuid,
	"reply_text" text,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "care_document_id" uuid;--> statement-breakpoint
ALTER TABLE "care_documents" ADD CONSTRAINT "care_documents_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_documents" ADD CONSTRAINT "care_documents_author_id_practitioners_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_documents" ADD CONSTRAINT "care_documents_author_facility_id_facilities_id_fk" FOREIGN KEY ("author_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_documents" ADD CONSTRAINT "care_documents_recipient_facility_id_facilities_id_fk" FOREIGN KEY ("recipient_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_documents" ADD CONSTRAINT "care_documents_recipient_practitioner_id_practitioners_id_fk" FOREIGN KEY ("recipient_practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_documents" ADD CONSTRAINT "care_documents_replied_by_id_practitioners_id_fk" FOREIGN KEY ("replied_by_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "care_documents_document_number_uq" ON "care_documents" USING btree ("author_facility_id","document_number");--> statement-breakpoint
CREATE INDEX "care_documents_recipient_idx" ON "care_documents" USING btree ("recipient_facility_id","status","sent_at");--> statement-breakpoint
CREATE INDEX "care_documents_author_idx" ON "care_documents" USING btree ("author_facility_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "care_documents_due_idx" ON "care_documents" USING btree ("author_facility_id","status","due_on");--> statement-breakpoint
CREATE INDEX "care_documents_patient_idx" ON "care_documents" USING btree ("patient_id","kind");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_care_document_id_care_documents_id_fk" FOREIGN KEY ("care_document_id") REFERENCES "public"."care_documents"("id") ON DELETE no action ON UPDATE no action;