CREATE TYPE "public"."reading_status" AS ENUM('requested', 'accepted', 'reported', 'acknowledged', 'declined', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."reading_urgency" AS ENUM('routine', 'urgent', 'emergency');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'reading_requested';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'reading_status';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'reading_reported';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'reading_acknowledged';--> statement-breakpoint
CREATE TABLE "reading_report_versions" (
	"request_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"author_id" uuid NOT NULL,
	"amendment_note" text DEFAULT '' NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reading_report_versions_request_id_version_pk" PRIMARY KEY("request_id","version")
);
--> statement-breakpoint
CREATE TABLE "reading_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"requester_facility_id" uuid NOT NULL,
	"reading_facility_id" uuid NOT NULL,
	"radiologist_id" uuid,
	"study_facility_id" uuid NOT NULL,
	"study_uid" text NOT NULL,
	"study_date" text,
	"study_modalities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"study_description" text DEFAULT '' NOT NULL,
	"clinical_question" text NOT NULL,
	"relevant_history" text DEFAULT '' NOT NULL,
	"urgency" "reading_urgency" NOT NULL,
	"status" "reading_status" DEFAULT 'requested' NOT NULL,
	"closing_note" text DEFAULT '' NOT NULL,
	"draft_report" jsonb,
	"draft_amendment_note" text DEFAULT '' NOT NULL,
	"reported_version" integer DEFAULT 0 NOT NULL,
	"acknowledged_version" integer DEFAULT 0 NOT NULL,
	"acknowledged_by_id" uuid,
	"acknowledged_at" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "reading_request_id" uuid;--> statement-breakpoint
ALTER TABLE "reading_report_versions" ADD CONSTRAINT "reading_report_versions_request_id_reading_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."reading_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_report_versions" ADD CONSTRAINT "reading_report_versions_author_id_practitioners_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_requests" ADD CONSTRAINT "reading_requests_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_requests" ADD CONSTRAINT "reading_requests_requester_id_practitioners_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_requests" ADD CONSTRAINT "reading_requests_requester_facility_id_facilities_id_fk" FOREIGN KEY ("requester_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_requests" ADD CONSTRAINT "reading_requests_reading_facility_id_facilities_id_fk" FOREIGN KEY ("reading_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_requests" ADD CONSTRAINT "reading_requests_radiologist_id_practitioners_id_fk" FOREIGN KEY ("radiologist_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_requests" ADD CONSTRAINT "reading_requests_study_facility_id_facilities_id_fk" FOREIGN KEY ("study_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_requests" ADD CONSTRAINT "reading_requests_acknowledged_by_id_practitioners_id_fk" FOREIGN KEY ("acknowledged_by_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reading_requests_reading_idx" ON "reading_requests" USING btree ("reading_facility_id","status","requested_at");--> statement-breakpoint
CREATE INDEX "reading_requests_requester_idx" ON "reading_requests" USING btree ("requester_facility_id","status","requested_at");--> statement-breakpoint
CREATE INDEX "reading_requests_patient_idx" ON "reading_requests" USING btree ("patient_id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_reading_request_id_reading_requests_id_fk" FOREIGN KEY ("reading_request_id") REFERENCES "public"."reading_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A signed reading report is never rewritten: an amendment adds a version.
CREATE TRIGGER reading_report_versions_no_update_delete
  BEFORE UPDATE OR DELETE ON reading_report_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
