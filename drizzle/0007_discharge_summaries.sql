CREATE TYPE "public"."discharge_summary_recipient_kind" AS ENUM('referrer', 'care_team');--> statement-breakpoint
CREATE TYPE "public"."discharge_summary_status" AS ENUM('draft', 'sent', 'amending');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'summary_received';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'summary_acknowledged';--> statement-breakpoint
CREATE TABLE "discharge_summaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_number" text,
	"status" "discharge_summary_status" DEFAULT 'draft' NOT NULL,
	"patient_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"author_facility_id" uuid NOT NULL,
	"author_department" text DEFAULT '' NOT NULL,
	"referral_id" uuid,
	"draft_content" jsonb,
	"draft_amendment_note" text DEFAULT '' NOT NULL,
	"sent_version" integer DEFAULT 0 NOT NULL,
	"first_sent_at" timestamp with time zone,
	"last_sent_at" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discharge_summary_acknowledgements" (
	"summary_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"facility_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discharge_summary_acknowledgements_summary_id_version_facility_id_pk" PRIMARY KEY("summary_id","version","facility_id")
);
--> statement-breakpoint
CREATE TABLE "discharge_summary_recipients" (
	"summary_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"practitioner_id" uuid,
	"kind" "discharge_summary_recipient_kind" NOT NULL,
	"since_version" integer,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discharge_summary_recipients_summary_id_facility_id_pk" PRIMARY KEY("summary_id","facility_id")
);
--> statement-breakpoint
CREATE TABLE "discharge_summary_versions" (
	"summary_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"author_id" uuid NOT NULL,
	"amendment_note" text DEFAULT '' NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discharge_summary_versions_summary_id_version_pk" PRIMARY KEY("summary_id","version")
);
--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "record_fhir_base_url" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "discharge_summary_id" uuid;--> statement-breakpoint
ALTER TABLE "discharge_summaries" ADD CONSTRAINT "discharge_summaries_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summaries" ADD CONSTRAINT "discharge_summaries_author_id_practitioners_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summaries" ADD CONSTRAINT "discharge_summaries_author_facility_id_facilities_id_fk" FOREIGN KEY ("author_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summaries" ADD CONSTRAINT "discharge_summaries_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summary_acknowledgements" ADD CONSTRAINT "discharge_summary_acknowledgements_summary_id_discharge_summaries_id_fk" FOREIGN KEY ("summary_id") REFERENCES "public"."discharge_summaries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summary_acknowledgements" ADD CONSTRAINT "discharge_summary_acknowledgements_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summary_acknowledgements" ADD CONSTRAINT "discharge_summary_acknowledgements_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summary_recipients" ADD CONSTRAINT "discharge_summary_recipients_summary_id_discharge_summaries_id_fk" FOREIGN KEY ("summary_id") REFERENCES "public"."discharge_summaries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summary_recipients" ADD CONSTRAINT "discharge_summary_recipients_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summary_recipients" ADD CONSTRAINT "discharge_summary_recipients_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summary_versions" ADD CONSTRAINT "discharge_summary_versions_summary_id_discharge_summaries_id_fk" FOREIGN KEY ("summary_id") REFERENCES "public"."discharge_summaries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discharge_summary_versions" ADD CONSTRAINT "discharge_summary_versions_author_id_practitioners_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "discharge_summaries_document_number_uq" ON "discharge_summaries" USING btree ("author_facility_id","document_number");--> statement-breakpoint
CREATE INDEX "discharge_summaries_author_idx" ON "discharge_summaries" USING btree ("author_facility_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "discharge_summaries_patient_idx" ON "discharge_summaries" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "discharge_summaries_referral_idx" ON "discharge_summaries" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "discharge_summary_recipients_inbox_idx" ON "discharge_summary_recipients" USING btree ("facility_id","since_version");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_discharge_summary_id_discharge_summaries_id_fk" FOREIGN KEY ("discharge_summary_id") REFERENCES "public"."discharge_summaries"("id") ON DELETE no action ON UPDATE no action;