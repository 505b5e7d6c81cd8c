-- Composite indexes of the documented indexing strategy
-- source: seed-docs/mapleai.md §Indexing Strategy

CREATE INDEX idx_compliance_company_status_date ON public."ComplianceRecord" ("companyId", "status", "createdAt");
CREATE INDEX idx_audit_entity_timestamp ON public."AuditLog" ("entityType", "entityId", "timestamp");
CREATE INDEX idx_analytics_company_event_timestamp ON public."AnalyticsEvent" ("companyId", "eventType", "timestamp");
