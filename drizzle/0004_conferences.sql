CREATE TYPE "public"."admission" AS ENUM('invited', 'waiting', 'admitted', 'refused', 'removed');--> statement-breakpoint
CREATE TYPE "public"."conference_kind" AS ENUM('case_conference', 'pathway_meeting', 'consultation');--> statement-breakpoint
CREATE TYPE "public"."conference_role" AS ENUM('host', 'moderator', 'participant', 'observer');--> statement-breakpoint
CREATE TYPE "public"."conference_status" AS ENUM('scheduled', 'open', 'live', 'ended', 'cancelled');--> statement-breakpoint
CREATE TABLE "conference_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conference_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"question" text DEFAULT '' NOT NULL,
	"added_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conference_chat_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conference_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conference_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conference_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"role" "conference_role" NOT NULL,
	"admission" "admission" DEFAULT 'invited' NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"admitted_at" timestamp with time zone,
	"last_joined_at" timestamp with time zone,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "conferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"kind" "conference_kind" NOT NULL,
	"status" "conference_status" DEFAULT 'scheduled' NOT NULL,
	"host_id" uuid NOT NULL,
	"host_facility_id" uuid NOT NULL,
	"scheduled_start" timestamp with time zone,
	"scheduled_end" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conference_agenda_items" ADD CONSTRAINT "conference_agenda_items_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_agenda_items" ADD CONSTRAINT "conference_agenda_items_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_agenda_items" ADD CONSTRAINT "conference_agenda_items_added_by_practitioners_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_chat_messages" ADD CONSTRAINT "conference_chat_messages_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_chat_messages" ADD CONSTRAINT "conference_chat_messages_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_participants" ADD CONSTRAINT "conference_participants_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_participants" ADD CONSTRAINT "conference_participants_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conferences" ADD CONSTRAINT "conferences_host_id_practitioners_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conferences" ADD CONSTRAINT "conferences_host_facility_id_facilities_id_fk" FOREIGN KEY ("host_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conference_agenda_patient_uq" ON "conference_agenda_items" USING btree ("conference_id","patient_id");--> statement-breakpoint
CREATE INDEX "conference_chat_conference_idx" ON "conference_chat_messages" USING btree ("conference_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conference_participants_uq" ON "conference_participants" USING btree ("conference_id","practitioner_id");--> statement-breakpoint
CREATE INDEX "conference_participants_practitioner_idx" ON "conference_participants" USING btree ("practitioner_id");--> statement-breakpoint
CREATE INDEX "conferences_host_idx" ON "conferences" USING btree ("host_id");--> statement-breakpoint
CREATE INDEX "conferences_start_idx" ON "conferences" USING btree ("scheduled_start");