-- Rollback of V201__credential_analytics: daily credential operation metrics and the function that computes them

DROP FUNCTION refresh_credential_analytics(date);
DROP TABLE credential_analytics;
