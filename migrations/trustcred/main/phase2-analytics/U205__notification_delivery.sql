-- Rollback of V205__notification_delivery: notification preferences and SMS delivery tracking

DROP TABLE sms_deliveries;
DROP TABLE notification_preferences;
