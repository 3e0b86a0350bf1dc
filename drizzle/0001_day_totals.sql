CREATE TABLE "history_figures" (
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"day" date NOT NULL,
	"part" text NOT NULL,
	"figures" jsonb NOT NULL,
	CONSTRAINT "history_figures_kind_subject_day_part_pk" PRIMARY KEY("kind","subject","day","part")
);
--> statement-breakpoint
ALTER TABLE "history_daily" ADD COLUMN "stats_total" integer;--> statement-breakpoint
ALTER TABLE "history_daily" ADD COLUMN "stats_sent" integer;--> statement-breakpoint
ALTER TABLE "history_daily" ADD COLUMN "stats_delivered" integer;--> statement-breakpoint
ALTER TABLE "history_daily" ADD COLUMN "stats_clicked" integer;--> statement-breakpoint
ALTER TABLE "history_daily" ADD COLUMN "loss_total" integer;--> statement-breakpoint
CREATE INDEX "history_figures_day" ON "history_figures" USING btree ("day");--> statement-breakpoint
-- Days recorded before: their figures move to history_figures, their totals are read once from them.
INSERT INTO "history_figures" ("kind", "subject", "day", "part", "figures")
SELECT "kind", "subject", "day", 'stats', "stats" FROM "history_daily" WHERE "stats" IS NOT NULL
UNION ALL
SELECT "kind", "subject", "day", 'loss', "loss" FROM "history_daily" WHERE "loss" IS NOT NULL;--> statement-breakpoint
UPDATE "history_daily" SET
  "stats_total" = ("stats"->>'total')::integer,
  "stats_sent" = ("stats"->>'sent')::integer,
  "stats_delivered" = ("stats"->>'delivered')::integer,
  "stats_clicked" = ("stats"->>'clicked')::integer
WHERE "stats" IS NOT NULL;--> statement-breakpoint
UPDATE "history_daily" SET "loss_total" = (
  SELECT coalesce(sum(("bucket"->>'count')::integer), 0)
  FROM jsonb_array_elements(("loss"->'readyToSend') || ("loss"->'postSendDelivered')) AS "bucket"
) WHERE "loss" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "history_daily" DROP COLUMN "stats";--> statement-breakpoint
ALTER TABLE "history_daily" DROP COLUMN "loss";