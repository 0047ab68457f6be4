ALTER TABLE "access_log" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "detail" text;--> statement-breakpoint
CREATE INDEX "access_log_target_idx" ON "access_log" USING btree ("target_unit","at");--> statement-breakpoint
CREATE INDEX "access_log_user_idx" ON "access_log" USING btree ("username","at");