-- Rollback of V501: Composite indexes of the documented indexing strategy

DROP INDEX public.idx_analytics_company_event_timestamp;
DROP INDEX public.idx_audit_entity_timestamp;
DROP INDEX public.idx_compliance_company_status_date;
