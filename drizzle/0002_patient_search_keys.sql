ALTER TABLE "patients" ADD COLUMN "search_given_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "search_given_kana" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "patient_local_ids_local_idx" ON "patient_local_ids" USING btree ("local_id");--> statement-breakpoint
CREATE INDEX "patients_search_given_kana_idx" ON "patients" USING btree ("search_given_kana" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "patients_search_given_name_idx" ON "patients" USING btree ("search_given_name" text_pattern_ops);