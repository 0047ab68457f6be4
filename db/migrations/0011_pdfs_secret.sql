CREATE TABLE "notice_pdfs" (
	"notice_id" integer PRIMARY KEY NOT NULL,
	"pdf" bytea NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notice_pdfs" ADD CONSTRAINT "notice_pdfs_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- a printed notice's bytes never change (the notice is frozen once issued)
CREATE TRIGGER notice_pdfs_immutable BEFORE UPDATE OR DELETE ON notice_pdfs FOR EACH ROW EXECUTE FUNCTION wx_refuse_change();
--> statement-breakpoint
-- the session-signing key no longer lives in a table any database reader can see (lib/auth/secret.ts)
DELETE FROM settings WHERE key = 'auth_secret';
