-- Rollback of V402: drop analytics_userengagement and analytics_metric
DROP INDEX idx_analytics_engagement_user_date;
DROP TABLE analytics_userengagement;
DROP INDEX idx_analytics_metric_name_recorded;
DROP TABLE analytics_metric;
