CREATE TYPE "public"."pathway_enrolment_status" AS ENUM('active', 'completed', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."pathway_event_kind" AS ENUM('enrolled', 'handover_requested', 'handover_accepted', 'handover_declined', 'handover_cancelled', 'measures_recorded', 'variance_recorded', 'completed', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."pathway_handover_decline_reason" AS ENUM('no_capacity', 'not_indicated', 'patient_declined', 'insufficient_information', 'other');--> statement-breakpoint
CREATE TYPE "public"."pathway_stage_status" AS ENUM('requested', 'declined', 'cancelled', 'active', 'completed', 'discontinued');--> statement-breakpoint
CREATE TYPE "public"."pathway_variance_category" AS ENUM('patient', 'care_team', 'system');--> statement-breakpoint
CREATE TYPE "public"."pathway_withdraw_reason" AS ENUM('patient_declined', 'condition_changed', 'death', 'moved_out_of_region', 'consent_withdrawn', 'other');--> statement-breakpoint
CREATE TYPE "public"."pathway_meeting_agenda_change" AS ENUM('added', 'removed');--> statement-breakpoint
CREATE TYPE "public"."pathway_meeting_occurrence_status" AS ENUM('scheduled', 'open', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."pathway_meeting_status" AS ENUM('scheduled', 'cancelled');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'pathway_handover_requested';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'pathway_handover_answered';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'meeting_invitation';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'meeting_updated';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'meeting_cancelled';--> statement-breakpoint
CREATE TABLE "pathway_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"pathway_code" text NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" "pathway_enrolment_status" DEFAULT 'active' NOT NULL,
	"onset_on" date,
	"started_on" date NOT NULL,
	"current_stage_id" uuid,
	"current_facility_id" uuid,
	"enrolled_by" uuid NOT NULL,
	"enrolled_facility_id" uuid NOT NULL,
	"ended_on" date,
	"withdraw_reason" "pathway_withdraw_reason",
	"end_note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pathway_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"stage_id" uuid,
	"kind" "pathway_event_kind" NOT NULL,
	"actor_id" uuid NOT NULL,
	"actor_facility_id" uuid NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pathway_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"stage_key" text NOT NULL,
	"stage_index" integer NOT NULL,
	"facility_id" uuid NOT NULL,
	"status" "pathway_stage_status" NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone,
	"planned_on" date,
	"request_note" text DEFAULT '' NOT NULL,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"decline_reason" "pathway_handover_decline_reason",
	"decline_note" text DEFAULT '' NOT NULL,
	"admitted_on" date,
	"discharged_on" date,
	"measures" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pathway_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pathway_variances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"category" "pathway_variance_category" NOT NULL,
	"occurred_on" date NOT NULL,
	"description" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"delay_days" integer,
	"recorded_by" uuid NOT NULL,
	"recorded_by_facility_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_feed_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pathway_meeting_agenda_changes" (
	"occurrence_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"change" "pathway_meeting_agenda_change" NOT NULL,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pathway_meeting_agenda_changes_occurrence_id_enrolment_id_pk" PRIMARY KEY("occurrence_id","enrolment_id")
);
--> statement-breakpoint
CREATE TABLE "pathway_meeting_attendance" (
	"occurrence_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"first_joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pathway_meeting_attendance_occurrence_id_practitioner_id_pk" PRIMARY KEY("occurrence_id","practitioner_id")
);
--> statement-breakpoint
CREATE TABLE "pathway_meeting_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurrence_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"responsible_facility_id" uuid NOT NULL,
	"due_on" date,
	"recorded_by" uuid NOT NULL,
	"recorded_by_facility_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pathway_meeting_facilities" (
	"meeting_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pathway_meeting_facilities_meeting_id_facility_id_pk" PRIMARY KEY("meeting_id","facility_id")
);
--> statement-breakpoint
CREATE TABLE "pathway_meeting_invitees" (
	"meeting_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pathway_meeting_invitees_meeting_id_practitioner_id_pk" PRIMARY KEY("meeting_id","practitioner_id")
);
--> statement-breakpoint
CREATE TABLE "pathway_meeting_occurrences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" "pathway_meeting_occurrence_status" DEFAULT 'scheduled' NOT NULL,
	"conference_id" uuid,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancel_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pathway_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"pathway_code" text,
	"description" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"organizer_id" uuid NOT NULL,
	"organizer_facility_id" uuid NOT NULL,
	"time_zone" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"rrule" text,
	"status" "pathway_meeting_status" DEFAULT 'scheduled' NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancel_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "pathway_enrolment_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "pathway_meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "pathway_enrolments" ADD CONSTRAINT "pathway_enrolments_template_id_pathway_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."pathway_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_enrolments" ADD CONSTRAINT "pathway_enrolments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_enrolments" ADD CONSTRAINT "pathway_enrolments_current_facility_id_facilities_id_fk" FOREIGN KEY ("current_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_enrolments" ADD CONSTRAINT "pathway_enrolments_enrolled_by_practitioners_id_fk" FOREIGN KEY ("enrolled_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_enrolments" ADD CONSTRAINT "pathway_enrolments_enrolled_facility_id_facilities_id_fk" FOREIGN KEY ("enrolled_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_events" ADD CONSTRAINT "pathway_events_enrolment_id_pathway_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."pathway_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_events" ADD CONSTRAINT "pathway_events_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_events" ADD CONSTRAINT "pathway_events_stage_id_pathway_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."pathway_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_events" ADD CONSTRAINT "pathway_events_actor_id_practitioners_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_events" ADD CONSTRAINT "pathway_events_actor_facility_id_facilities_id_fk" FOREIGN KEY ("actor_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_stages" ADD CONSTRAINT "pathway_stages_enrolment_id_pathway_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."pathway_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_stages" ADD CONSTRAINT "pathway_stages_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_stages" ADD CONSTRAINT "pathway_stages_requested_by_practitioners_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_stages" ADD CONSTRAINT "pathway_stages_answered_by_practitioners_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_variances" ADD CONSTRAINT "pathway_variances_enrolment_id_pathway_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."pathway_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_variances" ADD CONSTRAINT "pathway_variances_stage_id_pathway_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."pathway_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_variances" ADD CONSTRAINT "pathway_variances_recorded_by_practitioners_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_variances" ADD CONSTRAINT "pathway_variances_recorded_by_facility_id_facilities_id_fk" FOREIGN KEY ("recorded_by_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed_tokens" ADD CONSTRAINT "calendar_feed_tokens_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_agenda_changes" ADD CONSTRAINT "pathway_meeting_agenda_changes_occurrence_id_pathway_meeting_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."pathway_meeting_occurrences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_agenda_changes" ADD CONSTRAINT "pathway_meeting_agenda_changes_enrolment_id_pathway_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."pathway_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_agenda_changes" ADD CONSTRAINT "pathway_meeting_agenda_changes_changed_by_practitioners_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_attendance" ADD CONSTRAINT "pathway_meeting_attendance_occurrence_id_pathway_meeting_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."pathway_meeting_occurrences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_attendance" ADD CONSTRAINT "pathway_meeting_attendance_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_attendance" ADD CONSTRAINT "pathway_meeting_attendance_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_decisions" ADD CONSTRAINT "pathway_meeting_decisions_occurrence_id_pathway_meeting_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."pathway_meeting_occurrences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_decisions" ADD CONSTRAINT "pathway_meeting_decisions_enrolment_id_pathway_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."pathway_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_decisions" ADD CONSTRAINT "pathway_meeting_decisions_responsible_facility_id_facilities_id_fk" FOREIGN KEY ("responsible_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_decisions" ADD CONSTRAINT "pathway_meeting_decisions_recorded_by_practitioners_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_decisions" ADD CONSTRAINT "pathway_meeting_decisions_recorded_by_facility_id_facilities_id_fk" FOREIGN KEY ("recorded_by_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_facilities" ADD CONSTRAINT "pathway_meeting_facilities_meeting_id_pathway_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."pathway_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_facilities" ADD CONSTRAINT "pathway_meeting_facilities_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_invitees" ADD CONSTRAINT "pathway_meeting_invitees_meeting_id_pathway_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."pathway_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_invitees" ADD CONSTRAINT "pathway_meeting_invitees_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_occurrences" ADD CONSTRAINT "pathway_meeting_occurrences_meeting_id_pathway_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."pathway_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_occurrences" ADD CONSTRAINT "pathway_meeting_occurrences_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meeting_occurrences" ADD CONSTRAINT "pathway_meeting_occurrences_cancelled_by_practitioners_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meetings" ADD CONSTRAINT "pathway_meetings_organizer_id_practitioners_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_meetings" ADD CONSTRAINT "pathway_meetings_organizer_facility_id_facilities_id_fk" FOREIGN KEY ("organizer_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pathway_enrolments_one_active_uq" ON "pathway_enrolments" USING btree ("patient_id","pathway_code") WHERE "pathway_enrolments"."status" = 'active';--> statement-breakpoint
CREATE INDEX "pathway_enrolments_patient_idx" ON "pathway_enrolments" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "pathway_enrolments_current_facility_idx" ON "pathway_enrolments" USING btree ("current_facility_id","status");--> statement-breakpoint
CREATE INDEX "pathway_enrolments_cohort_idx" ON "pathway_enrolments" USING btree ("pathway_code","started_on");--> statement-breakpoint
CREATE INDEX "pathway_events_enrolment_idx" ON "pathway_events" USING btree ("enrolment_id","at");--> statement-breakpoint
CREATE INDEX "pathway_events_agenda_idx" ON "pathway_events" USING btree ("at","enrolment_id") WHERE "pathway_events"."kind" in ('enrolled', 'handover_accepted', 'variance_recorded', 'completed', 'withdrawn');--> statement-breakpoint
CREATE INDEX "pathway_stages_enrolment_idx" ON "pathway_stages" USING btree ("enrolment_id","stage_index");--> statement-breakpoint
CREATE UNIQUE INDEX "pathway_stages_one_request_uq" ON "pathway_stages" USING btree ("enrolment_id") WHERE "pathway_stages"."status" = 'requested';--> statement-breakpoint
CREATE UNIQUE INDEX "pathway_stages_one_active_uq" ON "pathway_stages" USING btree ("enrolment_id") WHERE "pathway_stages"."status" = 'active';--> statement-breakpoint
CREATE INDEX "pathway_stages_facility_idx" ON "pathway_stages" USING btree ("facility_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "pathway_templates_code_version_uq" ON "pathway_templates" USING btree ("code","version");--> statement-breakpoint
CREATE INDEX "pathway_variances_enrolment_idx" ON "pathway_variances" USING btree ("enrolment_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feed_tokens_hash_uq" ON "calendar_feed_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "calendar_feed_tokens_practitioner_idx" ON "calendar_feed_tokens" USING btree ("practitioner_id");--> statement-breakpoint
CREATE INDEX "pathway_meeting_decisions_occurrence_idx" ON "pathway_meeting_decisions" USING btree ("occurrence_id");--> statement-breakpoint
CREATE INDEX "pathway_meeting_decisions_enrolment_idx" ON "pathway_meeting_decisions" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "pathway_meeting_facilities_facility_idx" ON "pathway_meeting_facilities" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "pathway_meeting_invitees_practitioner_idx" ON "pathway_meeting_invitees" USING btree ("practitioner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pathway_meeting_occurrences_uq" ON "pathway_meeting_occurrences" USING btree ("meeting_id","starts_at");--> statement-breakpoint
CREATE INDEX "pathway_meeting_occurrences_start_idx" ON "pathway_meeting_occurrences" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "pathway_meetings_organizer_facility_idx" ON "pathway_meetings" USING btree ("organizer_facility_id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_pathway_enrolment_id_pathway_enrolments_id_fk" FOREIGN KEY ("pathway_enrolment_id") REFERENCES "public"."pathway_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_pathway_meeting_id_pathway_meetings_id_fk" FOREIGN KEY ("pathway_meeting_id") REFERENCES "public"."pathway_meetings"("id") ON DELETE no action ON UPDATE no action;