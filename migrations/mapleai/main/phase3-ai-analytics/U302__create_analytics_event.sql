-- Rollback of V302: AnalyticsEvent: event stream, range-partitioned by month on timestamp

DROP TABLE public."AnalyticsEvent_default";
DROP TABLE public."AnalyticsEvent_2027_02";
DROP TABLE public."AnalyticsEvent_2027_01";
DROP TABLE public."AnalyticsEvent_2026_12";
DROP TABLE public."AnalyticsEvent";
