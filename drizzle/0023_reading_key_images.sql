CREATE TABLE "reading_key_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"series_uid" text NOT NULL,
	"instance_uid" text NOT NULL,
	"frame" integer NOT NULL,
	"window_center" integer NOT NULL,
	"window_width" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"marked_by_id" uuid NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reading_key_images" ADD CONSTRAINT "reading_key_images_request_id_reading_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."reading_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reading_key_images" ADD CONSTRAINT "reading_key_images_marked_by_id_practitioners_id_fk" FOREIGN KEY ("marked_by_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reading_key_images_version_idx" ON "reading_key_images" USING btree ("request_id","version","position");--> statement-breakpoint
-- hand-written:
-- A signed version's key images are never changed: only the version being written (reported_version + 1) is.
CREATE FUNCTION refuse_signed_key_image_change() RETURNS trigger AS $$
BEGIN
  IF OLD.version <= (SELECT reported_version FROM reading_requests WHERE id = OLD.request_id) THEN
    RAISE EXCEPTION 'the key images of a signed reading report version are never changed';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER reading_key_images_signed_no_update_delete
  BEFORE UPDATE OR DELETE ON reading_key_images
  FOR EACH ROW EXECUTE FUNCTION refuse_signed_key_image_change();
