-- Rollback of V103__credentials: credential schemas, pre-built credential templates and issued credentials

DROP TABLE credentials;
DROP TABLE credential_templates;
DROP TABLE credential_schemas;
