-- database: main
-- fact: enum UserRole has values ADMIN, USER, COMPLIANCE_OFFICER, HR_MANAGER, ANALYST, VIEWER in that order
SELECT enum_range(NULL::public."UserRole")::text = '{ADMIN,USER,COMPLIANCE_OFFICER,HR_MANAGER,ANALYST,VIEWER}';
-- fact: enum SubscriptionTier has values TRIAL, STARTER, PROFESSIONAL, ENTERPRISE in that order
SELECT enum_range(NULL::public."SubscriptionTier")::text = '{TRIAL,STARTER,PROFESSIONAL,ENTERPRISE}';
-- fact: User.role is of type UserRole, NOT NULL, defaulting to USER
SELECT udt_name = 'UserRole' AND is_nullable = 'NO' AND column_default LIKE '''USER''::%UserRole"' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'User' AND column_name = 'role';
-- fact: User.isActive is NOT NULL with default true
SELECT is_nullable = 'NO' AND column_default = 'true' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'User' AND column_name = 'isActive';
-- fact: User.email is unique through the Prisma-named index User_email_key
SELECT pg_get_indexdef('public."User_email_key"'::regclass) = 'CREATE UNIQUE INDEX "User_email_key" ON public."User" USING btree (email)';
-- fact: DateTime columns are timestamp(3) and @updatedAt has no database default
SELECT bool_and(data_type = 'timestamp without time zone' AND datetime_precision = 3) AND bool_and(column_default IS NULL) FILTER (WHERE column_name = 'updatedAt') FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'User' AND column_name IN ('createdAt', 'updatedAt', 'lastLoginAt');
-- fact: Subscription.price is numeric(10,2) NOT NULL
SELECT data_type = 'numeric' AND numeric_precision = 10 AND numeric_scale = 2 AND is_nullable = 'NO' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'Subscription' AND column_name = 'price';
-- fact: Json fields are jsonb (ComplianceRecord.data NOT NULL, ComplianceRecord.metadata nullable)
SELECT bool_and(data_type = 'jsonb') AND bool_and((column_name = 'data') = (is_nullable = 'NO')) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'ComplianceRecord' AND column_name IN ('data', 'metadata');
-- fact: Subscription.status CHECK allows active, suspended, cancelled
SELECT pg_get_constraintdef(oid) = 'CHECK ((status = ANY (ARRAY[''active''::text, ''suspended''::text, ''cancelled''::text])))' FROM pg_constraint WHERE conrelid = 'public."Subscription"'::regclass AND conname = 'Subscription_status_check';
-- fact: AuditLog.action CHECK allows CREATE, UPDATE, DELETE, VIEW
SELECT pg_get_constraintdef(oid) = 'CHECK ((action = ANY (ARRAY[''CREATE''::text, ''UPDATE''::text, ''DELETE''::text, ''VIEW''::text])))' FROM pg_constraint WHERE conrelid = 'public."AuditLog"'::regclass AND conname = 'AuditLog_action_check';
-- fact: composite index idx_compliance_company_status_date is on (companyId, status, createdAt)
SELECT pg_get_indexdef('public.idx_compliance_company_status_date'::regclass) = 'CREATE INDEX idx_compliance_company_status_date ON public."ComplianceRecord" USING btree ("companyId", status, "createdAt")';
-- fact: composite index idx_audit_entity_timestamp is on (entityType, entityId, timestamp)
SELECT pg_get_indexdef('public.idx_audit_entity_timestamp'::regclass) = 'CREATE INDEX idx_audit_entity_timestamp ON ONLY public."AuditLog" USING btree ("entityType", "entityId", "timestamp")';
-- fact: composite index idx_analytics_company_event_timestamp is on (companyId, eventType, timestamp)
SELECT pg_get_indexdef('public.idx_analytics_company_event_timestamp'::regclass) = 'CREATE INDEX idx_analytics_company_event_timestamp ON ONLY public."AnalyticsEvent" USING btree ("companyId", "eventType", "timestamp")';
-- fact: Prisma composite index AuditLog_entityType_entityId_idx is on (entityType, entityId)
SELECT pg_get_indexdef('public."AuditLog_entityType_entityId_idx"'::regclass) = 'CREATE INDEX "AuditLog_entityType_entityId_idx" ON ONLY public."AuditLog" USING btree ("entityType", "entityId")';
-- fact: User.companyId references Company with ON DELETE SET NULL ON UPDATE CASCADE
SELECT confdeltype = 'n' AND confupdtype = 'c' AND confrelid = 'public."Company"'::regclass FROM pg_constraint WHERE conname = 'User_companyId_fkey';
-- fact: Subscription.companyId references Company with ON DELETE RESTRICT ON UPDATE CASCADE
SELECT confdeltype = 'r' AND confupdtype = 'c' AND confrelid = 'public."Company"'::regclass FROM pg_constraint WHERE conname = 'Subscription_companyId_fkey';
-- fact: AuditLog is range-partitioned on timestamp with primary key (id, timestamp)
SELECT pg_get_partkeydef('public."AuditLog"'::regclass) = 'RANGE ("timestamp")' AND (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'AuditLog_pkey' AND conrelid = 'public."AuditLog"'::regclass) = 'PRIMARY KEY (id, "timestamp")';
-- fact: AuditLog has monthly partitions 2026-12, 2027-01, 2027-02 and a DEFAULT partition
SELECT array_agg(c.relname::text || '=' || pg_get_expr(c.relpartbound, c.oid) ORDER BY c.relname) = ARRAY['AuditLog_2026_12=FOR VALUES FROM (''2026-12-01 00:00:00'') TO (''2027-01-01 00:00:00'')', 'AuditLog_2027_01=FOR VALUES FROM (''2027-01-01 00:00:00'') TO (''2027-02-01 00:00:00'')', 'AuditLog_2027_02=FOR VALUES FROM (''2027-02-01 00:00:00'') TO (''2027-03-01 00:00:00'')', 'AuditLog_default=DEFAULT'] FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public."AuditLog"'::regclass;
-- fact: AnalyticsEvent is range-partitioned on timestamp with 3 monthly partitions and a DEFAULT partition
SELECT pg_get_partkeydef('public."AnalyticsEvent"'::regclass) = 'RANGE ("timestamp")' AND (SELECT count(*) FILTER (WHERE pg_get_expr(c.relpartbound, c.oid) LIKE 'FOR VALUES FROM%') = 3 AND count(*) FILTER (WHERE pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' AND c.relname = 'AnalyticsEvent_default') = 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public."AnalyticsEvent"'::regclass);
-- fact: AuditLog has the append-only trigger calling prevent_audit_log_mutation()
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public."AuditLog"'::regclass AND tgname = 'audit_log_append_only' AND tgfoid = 'public.prevent_audit_log_mutation()'::regprocedure);
-- fact: cuid primary keys are TEXT without a database default
SELECT bool_and(data_type = 'text' AND column_default IS NULL) FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' AND table_name IN ('User', 'Company', 'Subscription', 'ComplianceRecord', 'AuditLog', 'AIModel', 'AnalyticsEvent', 'HRRecord', 'Workflow');
