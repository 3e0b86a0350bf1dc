CREATE TABLE "push_claims" (
	"key" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"fingerprint" text NOT NULL,
	"owner" text NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"result" jsonb,
	"lease_until" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "push_claims_expires_at" ON "push_claims" USING btree ("expires_at");