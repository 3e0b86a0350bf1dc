CREATE TABLE "alert_codes" (
	"platform" smallint NOT NULL,
	"code" integer NOT NULL,
	"class" text NOT NULL,
	"info" text NOT NULL,
	"stage" smallint NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_codes_platform_code_pk" PRIMARY KEY("platform","code")
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"alert_id" text NOT NULL,
	"event" text NOT NULL,
	"channel" smallint NOT NULL,
	"target" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"at" timestamp with time zone,
	"error" text,
	CONSTRAINT "alert_deliveries_alert_id_event_channel_pk" PRIMARY KEY("alert_id","event","channel")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"condition" jsonb NOT NULL,
	"channels" jsonb NOT NULL,
	"cooldown_minutes" integer NOT NULL,
	"enabled" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_signals" (
	"minute" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"platform" smallint NOT NULL,
	"class" text NOT NULL,
	"code" integer NOT NULL,
	"attempted" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_signals_minute_kind_subject_platform_class_code_pk" PRIMARY KEY("minute","kind","subject","platform","class","code")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"state" text NOT NULL,
	"value" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"detail" jsonb NOT NULL,
	"task_ids" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_codes_first_seen" ON "alert_codes" USING btree ("first_seen");--> statement-breakpoint
CREATE INDEX "alert_deliveries_due" ON "alert_deliveries" USING btree ("status","next_at");--> statement-breakpoint
CREATE INDEX "alert_signals_minute" ON "alert_signals" USING btree ("minute");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_firing" ON "alerts" USING btree ("rule_id") WHERE state = 'FIRING';--> statement-breakpoint
CREATE INDEX "alerts_by_time" ON "alerts" USING btree ("fired_at","id");--> statement-breakpoint
CREATE INDEX "alerts_by_rule" ON "alerts" USING btree ("rule_id","fired_at");