-- AnalyticsEvent: event stream, range-partitioned by month on timestamp
-- source: seed-docs/mapleai.md §Analytics Data; Partitioning

CREATE TABLE public."AnalyticsEvent" (
    "id" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "eventData" JSONB NOT NULL,
    "userId" TEXT,
    "companyId" TEXT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AnalyticsEvent_pkey" PRIMARY KEY ("id", "timestamp")
) PARTITION BY RANGE ("timestamp");
ALTER TABLE public."AnalyticsEvent" ADD CONSTRAINT "AnalyticsEvent_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES public."Company"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "AnalyticsEvent_eventType_idx" ON public."AnalyticsEvent"("eventType");
CREATE INDEX "AnalyticsEvent_userId_idx" ON public."AnalyticsEvent"("userId");
CREATE INDEX "AnalyticsEvent_companyId_idx" ON public."AnalyticsEvent"("companyId");
CREATE INDEX "AnalyticsEvent_timestamp_idx" ON public."AnalyticsEvent"("timestamp");
CREATE TABLE public."AnalyticsEvent_2026_12" PARTITION OF public."AnalyticsEvent" FOR VALUES FROM ('2026-12-01 00:00:00') TO ('2027-01-01 00:00:00');
CREATE TABLE public."AnalyticsEvent_2027_01" PARTITION OF public."AnalyticsEvent" FOR VALUES FROM ('2027-01-01 00:00:00') TO ('2027-02-01 00:00:00');
CREATE TABLE public."AnalyticsEvent_2027_02" PARTITION OF public."AnalyticsEvent" FOR VALUES FROM ('2027-02-01 00:00:00') TO ('2027-03-01 00:00:00');
CREATE TABLE public."AnalyticsEvent_default" PARTITION OF public."AnalyticsEvent" DEFAULT;
