-- Every recipient's outcome from the push callbacks (src/recipients/). Written by hand: drizzle's schema cannot
-- declare a partitioned table, and the recipients live in one partition per day so that retention drops a day
-- at once instead of deleting its rows one by one (src/recipients/store.ts creates and drops the partitions).
CREATE TABLE "recipient_subjects" (
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"day" date NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "recipient_subjects_pk" PRIMARY KEY ("kind", "subject")
);
--> statement-breakpoint
CREATE INDEX "recipient_subjects_day" ON "recipient_subjects" USING btree ("day");
--> statement-breakpoint
CREATE TABLE "recipients" (
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"account" text NOT NULL,
	"result" smallint NOT NULL,
	"failed_stage" smallint,
	"invalid" boolean NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"devices" jsonb NOT NULL,
	CONSTRAINT "recipients_pk" PRIMARY KEY ("day", "kind", "subject", "account")
) PARTITION BY LIST ("day");
--> statement-breakpoint
CREATE INDEX "recipients_by_result" ON "recipients" USING btree ("kind", "subject", "result", "account");
--> statement-breakpoint
CREATE INDEX "recipients_devices" ON "recipients" USING gin ("devices" jsonb_path_ops);
--> statement-breakpoint
CREATE INDEX "recipients_invalid" ON "recipients" USING btree ("last_at", "kind", "subject", "account") WHERE "invalid";
