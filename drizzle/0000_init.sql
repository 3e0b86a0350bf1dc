CREATE TABLE "history_daily" (
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"day" date NOT NULL,
	"stats" jsonb,
	"stats_observed_at" timestamp with time zone,
	"stats_settled" boolean DEFAULT false NOT NULL,
	"loss" jsonb,
	"loss_observed_at" timestamp with time zone,
	"loss_settled" boolean DEFAULT false NOT NULL,
	CONSTRAINT "history_daily_kind_subject_day_pk" PRIMARY KEY("kind","subject","day")
);
--> statement-breakpoint
CREATE TABLE "history_tasks" (
	"task_id" text PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone,
	"title" text,
	"recipient_count" integer,
	"data_id" text,
	"tracked" boolean DEFAULT false NOT NULL,
	"follow_from" date NOT NULL,
	"follow_until" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "history_daily_day" ON "history_daily" USING btree ("day");--> statement-breakpoint
CREATE INDEX "history_tasks_sent_at" ON "history_tasks" USING btree ("sent_at","task_id");