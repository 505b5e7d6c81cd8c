-- Rollback of V503__predictive_analytics: real-time dashboard metrics, ML model registry and predictions

DROP TABLE model_predictions;
DROP TABLE analytics_models;
DROP TABLE real_time_analytics;
