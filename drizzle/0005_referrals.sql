CREATE TYPE "public"."advice_status" AS ENUM('open', 'answered', 'converted', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."notification_kind" AS ENUM('referral_received', 'referral_status', 'referral_reply', 'advice_asked', 'advice_answered');--> statement-breakpoint
CREATE TYPE "public"."referral_decline_reason" AS ENUM('outside_scope', 'no_capacity', 'insufficient_information', 'patient_declined', 'refer_elsewhere', 'other');--> statement-breakpoint
CREATE TYPE "public"."referral_event_kind" AS ENUM('created', 'send', 'receive', 'accept', 'decline', 'forward', 'interim_report', 'complete', 'cancel', 'reschedule', 'acknowledge_reply');--> statement-breakpoint
CREATE TYPE "public"."referral_priority" AS ENUM('routine', 'urgent');--> statement-breakpoint
CREATE TYPE "public"."referral_reply_kind" AS ENUM('interim', 'final');--> statement-breakpoint
CREATE TYPE "public"."referral_status" AS ENUM('draft', 'sent', 'received', 'accepted', 'declined', 'forwarded', 'interim_report', 'completed', 'cancelled');--> statement-breakpoint
CREATE TABLE "advice_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "advice_status" DEFAULT 'open' NOT NULL,
	"patient_id" uuid NOT NULL,
	"asked_by" uuid NOT NULL,
	"asker_facility_id" uuid NOT NULL,
	"destination_facility_id" uuid NOT NULL,
	"destination_department_id" uuid NOT NULL,
	"question" text NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"referral_id" uuid,
	"attachment_ids" uuid[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_counters" (
	"facility_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "document_counters_facility_id_year_pk" PRIMARY KEY("facility_id","year")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_id" uuid NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"referral_id" uuid,
	"advice_request_id" uuid,
	"event" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"urgent" boolean DEFAULT false NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_attachments" (
	"referral_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"part" text DEFAULT 'letter' NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_attachments_referral_id_attachment_id_pk" PRIMARY KEY("referral_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "referral_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"kind" "referral_event_kind" NOT NULL,
	"from_status" "referral_status",
	"to_status" "referral_status" NOT NULL,
	"actor_id" uuid NOT NULL,
	"actor_facility_id" uuid NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"kind" "referral_reply_kind" NOT NULL,
	"document_number" text NOT NULL,
	"author_id" uuid NOT NULL,
	"author_facility_id" uuid NOT NULL,
	"content" jsonb NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_number" text,
	"status" "referral_status" DEFAULT 'draft' NOT NULL,
	"priority" "referral_priority" DEFAULT 'routine' NOT NULL,
	"requested_by" date,
	"patient_id" uuid NOT NULL,
	"referrer_id" uuid NOT NULL,
	"referrer_facility_id" uuid NOT NULL,
	"referrer_department" text DEFAULT '' NOT NULL,
	"destination_facility_id" uuid NOT NULL,
	"destination_department_id" uuid NOT NULL,
	"destination_practitioner_id" uuid,
	"content" jsonb NOT NULL,
	"advice_request_id" uuid,
	"appointment_at" timestamp with time zone,
	"decline_reason" "referral_decline_reason",
	"decline_note" text DEFAULT '' NOT NULL,
	"cancel_note" text DEFAULT '' NOT NULL,
	"sent_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"awaiting_since" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_asked_by_practitioners_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_asker_facility_id_facilities_id_fk" FOREIGN KEY ("asker_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_destination_facility_id_facilities_id_fk" FOREIGN KEY ("destination_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_destination_department_id_departments_id_fk" FOREIGN KEY ("destination_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_answered_by_practitioners_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advice_requests" ADD CONSTRAINT "advice_requests_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_counters" ADD CONSTRAINT "document_counters_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_practitioners_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_advice_request_id_advice_requests_id_fk" FOREIGN KEY ("advice_request_id") REFERENCES "public"."advice_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_practitioners_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_attachments" ADD CONSTRAINT "referral_attachments_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_attachments" ADD CONSTRAINT "referral_attachments_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_actor_id_practitioners_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_actor_facility_id_facilities_id_fk" FOREIGN KEY ("actor_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_replies" ADD CONSTRAINT "referral_replies_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_replies" ADD CONSTRAINT "referral_replies_author_id_practitioners_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_replies" ADD CONSTRAINT "referral_replies_author_facility_id_facilities_id_fk" FOREIGN KEY ("author_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_replies" ADD CONSTRAINT "referral_replies_acknowledged_by_practitioners_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_referrer_id_practitioners_id_fk" FOREIGN KEY ("referrer_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_referrer_facility_id_facilities_id_fk" FOREIGN KEY ("referrer_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_destination_facility_id_facilities_id_fk" FOREIGN KEY ("destination_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_destination_department_id_departments_id_fk" FOREIGN KEY ("destination_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_destination_practitioner_id_practitioners_id_fk" FOREIGN KEY ("destination_practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advice_requests_asker_idx" ON "advice_requests" USING btree ("asker_facility_id","status");--> statement-breakpoint
CREATE INDEX "advice_requests_destination_idx" ON "advice_requests" USING btree ("destination_facility_id","status");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_id","read_at","created_at");--> statement-breakpoint
CREATE INDEX "referral_events_referral_idx" ON "referral_events" USING btree ("referral_id","at");--> statement-breakpoint
CREATE INDEX "referral_replies_referral_idx" ON "referral_replies" USING btree ("referral_id");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_document_number_uq" ON "referrals" USING btree ("referrer_facility_id","document_number");--> statement-breakpoint
CREATE INDEX "referrals_outbox_status_idx" ON "referrals" USING btree ("referrer_facility_id","status","priority","status_changed_at");--> statement-breakpoint
CREATE INDEX "referrals_outbox_order_idx" ON "referrals" USING btree ("referrer_facility_id","priority" DESC NULLS FIRST,"status_changed_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "referrals_inbox_status_idx" ON "referrals" USING btree ("destination_facility_id","status","priority","status_changed_at");--> statement-breakpoint
CREATE INDEX "referrals_inbox_order_idx" ON "referrals" USING btree ("destination_facility_id","priority" DESC NULLS FIRST,"status_changed_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "referrals_patient_idx" ON "referrals" USING btree ("patient_id");