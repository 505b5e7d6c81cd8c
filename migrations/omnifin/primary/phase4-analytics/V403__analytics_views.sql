-- Omnifin reporting views: per-user activity summary and 30-day order statistics
-- source: seed-docs/omnifin.md §Database Views
CREATE VIEW analytics_user_activity_summary AS
SELECT
    u.id AS user_id,
    u.username,
    u.role,
    COUNT(a.id) AS total_activities,
    MAX(a.created_at) AS last_activity,
    COUNT(DISTINCT DATE(a.created_at)) AS active_days
FROM users_user u
LEFT JOIN analytics_useractivity a ON u.id = a.user_id
GROUP BY u.id, u.username, u.role;

CREATE VIEW analytics_order_statistics AS
SELECT
    DATE(created_at) AS date,
    order_type,
    status,
    COUNT(*) AS count,
    AVG(EXTRACT(EPOCH FROM (completed_at - created_at)) / 3600) AS avg_completion_hours
FROM orders_order
WHERE created_at >= CURRENT_DATE - INTERVAL '30 days'
GROUP BY DATE(created_at), order_type, status;
