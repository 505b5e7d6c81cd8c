-- Rollback of V204__webhooks: outbound webhooks and their delivery tracking

DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
