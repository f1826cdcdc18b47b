CREATE TYPE "public"."care_team_post_kind" AS ENUM('note', 'vitals', 'daily_living');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'care_team_mention';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'care_team_reply';--> statement-breakpoint
CREATE TABLE "care_team_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "care_team_post_photos" (
	"post_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"thumbnail_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	CONSTRAINT "care_team_post_photos_post_id_attachment_id_pk" PRIMARY KEY("post_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "care_team_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"parent_id" uuid,
	"author_id" uuid NOT NULL,
	"author_facility_id" uuid NOT NULL,
	"author_profession" "profession" NOT NULL,
	"kind" "care_team_post_kind" DEFAULT 'note' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"vitals" jsonb,
	"daily_living" jsonb,
	"needs_reply" boolean DEFAULT false NOT NULL,
	"reply_due_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"mentioned_practitioner_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"mentioned_professions" "profession"[] DEFAULT '{}'::profession[] NOT NULL,
	"client_key" text NOT NULL,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_team_reads" (
	"post_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_team_reads_post_id_practitioner_id_pk" PRIMARY KEY("post_id","practitioner_id")
);
--> statement-breakpoint
CREATE TABLE "home_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"visitor_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "care_team_post_id" uuid;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_added_by_practitioners_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_members" ADD CONSTRAINT "care_team_members_removed_by_practitioners_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_post_photos" ADD CONSTRAINT "care_team_post_photos_post_id_care_team_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."care_team_posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_post_photos" ADD CONSTRAINT "care_team_post_photos_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_post_photos" ADD CONSTRAINT "care_team_post_photos_thumbnail_id_attachments_id_fk" FOREIGN KEY ("thumbnail_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_posts" ADD CONSTRAINT "care_team_posts_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_posts" ADD CONSTRAINT "care_team_posts_parent_id_care_team_posts_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."care_team_posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_posts" ADD CONSTRAINT "care_team_posts_author_id_practitioners_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_posts" ADD CONSTRAINT "care_team_posts_author_facility_id_facilities_id_fk" FOREIGN KEY ("author_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_reads" ADD CONSTRAINT "care_team_reads_post_id_care_team_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."care_team_posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_reads" ADD CONSTRAINT "care_team_reads_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_visitor_id_practitioners_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visits" ADD CONSTRAINT "home_visits_created_by_practitioners_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "care_team_members_patient_practitioner_uq" ON "care_team_members" USING btree ("patient_id","practitioner_id");--> statement-breakpoint
CREATE INDEX "care_team_members_practitioner_idx" ON "care_team_members" USING btree ("practitioner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "care_team_posts_author_client_key_uq" ON "care_team_posts" USING btree ("author_id","client_key");--> statement-breakpoint
CREATE INDEX "care_team_posts_patient_idx" ON "care_team_posts" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "care_team_posts_parent_idx" ON "care_team_posts" USING btree ("parent_id","created_at");--> statement-breakpoint
CREATE INDEX "care_team_reads_practitioner_idx" ON "care_team_reads" USING btree ("practitioner_id");--> statement-breakpoint
CREATE INDEX "home_visits_patient_idx" ON "home_visits" USING btree ("patient_id","starts_at");--> statement-breakpoint
CREATE INDEX "home_visits_visitor_idx" ON "home_visits" USING btree ("visitor_id","starts_at");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_care_team_post_id_care_team_posts_id_fk" FOREIGN KEY ("care_team_post_id") REFERENCES "public"."care_team_posts"("id") ON DELETE no action ON UPDATE no action;