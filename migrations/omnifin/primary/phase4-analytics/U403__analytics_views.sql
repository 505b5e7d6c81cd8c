-- Rollback of V403: drop the reporting views
DROP VIEW analytics_order_statistics;
DROP VIEW analytics_user_activity_summary;
