-- Rollback of V401: drop analytics_session and analytics_useractivity
DROP INDEX idx_analytics_session_user;
DROP TABLE analytics_session;
DROP INDEX idx_analytics_activity_created;
DROP INDEX idx_analytics_activity_user;
DROP TABLE analytics_useractivity;
