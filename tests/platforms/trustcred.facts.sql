-- TrustCred documented facts, checked against the live catalog after `dbctl migrate up`.
-- database: main

-- fact: all 33 documented tables have a uuid id defaulting to gen_random_uuid()
SELECT count(*) = 33 FROM information_schema.columns
 WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid'
   AND column_default = 'gen_random_uuid()'
   AND table_name IN ('organizations', 'users', 'credential_schemas', 'credentials', 'verification_logs',
       'issuer_categories', 'credential_templates', 'user_sessions', 'api_keys', 'notifications', 'audit_logs',
       'credential_analytics', 'template_categories', 'template_reviews', 'multisig_requirements',
       'credential_approvals', 'webhooks', 'webhook_deliveries', 'notification_preferences', 'sms_deliveries',
       'enhanced_audit_logs', 'retention_policies', 'ldap_configurations', 'ldap_user_mappings',
       'erp_integrations', 'real_time_analytics', 'analytics_models', 'model_predictions',
       'organization_branding', 'custom_credential_templates', 'custom_fields', 'approval_workflows',
       'workflow_instances');

-- fact: users.role CHECK allows exactly super_admin, org_admin, issuer, verifier, recipient
SELECT pg_get_constraintdef(oid) = 'CHECK (((role)::text = ANY ((ARRAY[''super_admin''::character varying, ''org_admin''::character varying, ''issuer''::character varying, ''verifier''::character varying, ''recipient''::character varying])::text[])))'
  FROM pg_constraint WHERE conrelid = 'public.users'::regclass AND conname = 'users_role_check';

-- fact: credentials.status CHECK allows draft, pending_approval, issued, suspended, revoked, expired
SELECT pg_get_constraintdef(oid) = 'CHECK (((status)::text = ANY ((ARRAY[''draft''::character varying, ''pending_approval''::character varying, ''issued''::character varying, ''suspended''::character varying, ''revoked''::character varying, ''expired''::character varying])::text[])))'
  FROM pg_constraint WHERE conrelid = 'public.credentials'::regclass AND conname = 'credentials_status_check';

-- fact: users.password_hash only accepts bcrypt hashes
SELECT pg_get_constraintdef(oid) LIKE '%$2[aby]%'
  FROM pg_constraint WHERE conrelid = 'public.users'::regclass AND conname = 'users_password_hash_check';

-- fact: composite index on credentials is (organization_id, status, issued_at DESC) in that order
SELECT pg_get_indexdef('public.idx_credentials_organization_id_status_issued_at'::regclass)
       = 'CREATE INDEX idx_credentials_organization_id_status_issued_at ON public.credentials USING btree (organization_id, status, issued_at DESC)';

-- fact: composite index on verification_logs is (credential_id, created_at DESC)
SELECT pg_get_indexdef('public.idx_verification_logs_credential_id_created_at'::regclass)
       = 'CREATE INDEX idx_verification_logs_credential_id_created_at ON ONLY public.verification_logs USING btree (credential_id, created_at DESC)';

-- fact: credentials.credential_data has a GIN index
SELECT pg_get_indexdef('public.idx_credentials_credential_data'::regclass) LIKE '%USING gin (credential_data)';

-- fact: credentials are full-text searchable through a generated tsvector with a GIN index
SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'public.credentials'::regclass
                  AND attname = 'search_vector' AND atttypid = 'tsvector'::regtype AND attgenerated = 's')
   AND pg_get_indexdef('public.idx_credentials_search'::regclass) LIKE '%USING gin (search_vector)';

-- fact: credential_templates are full-text searchable (GIN on search_vector)
SELECT pg_get_indexdef('public.idx_credential_templates_search'::regclass) LIKE '%USING gin (search_vector)';

-- fact: verification_logs, audit_logs, enhanced_audit_logs and real_time_analytics are range-partitioned on created_at
SELECT count(*) = 4 FROM pg_partitioned_table pt
  JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
 WHERE pt.partstrat = 'r' AND a.attname = 'created_at'
   AND pt.partrelid IN ('public.verification_logs'::regclass, 'public.audit_logs'::regclass,
                        'public.enhanced_audit_logs'::regclass, 'public.real_time_analytics'::regclass);

-- fact: each partitioned table has its DEFAULT partition
SELECT count(*) = 4 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
 WHERE pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
   AND c.relname IN ('verification_logs_default', 'audit_logs_default', 'enhanced_audit_logs_default',
                     'real_time_analytics_default');

-- fact: deleting an organization that issued credentials is refused (credentials.organization_id ON DELETE RESTRICT)
SELECT confdeltype = 'r' FROM pg_constraint
 WHERE conrelid = 'public.credentials'::regclass AND conname = 'credentials_organization_id_fkey';

-- fact: user_sessions die with their user (ON DELETE CASCADE)
SELECT confdeltype = 'c' FROM pg_constraint
 WHERE conrelid = 'public.user_sessions'::regclass AND conname = 'user_sessions_user_id_fkey';

-- fact: verification_logs keep their rows when a credential is deleted (ON DELETE SET NULL)
SELECT confdeltype = 'n' FROM pg_constraint
 WHERE conrelid = 'public.verification_logs'::regclass AND conname = 'verification_logs_credential_id_fkey';

-- fact: organizations.status defaults to 'pending'
SELECT column_default = '''pending''::character varying' FROM information_schema.columns
 WHERE table_schema = 'public' AND table_name = 'organizations' AND column_name = 'status';

-- fact: credentials.updated_at is maintained by the credentials_set_updated_at trigger
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.credentials'::regclass
                  AND tgname = 'credentials_set_updated_at' AND tgfoid = 'public.set_updated_at()'::regprocedure);

-- fact: audit_logs and enhanced_audit_logs are append-only via prevent_audit_log_mutation triggers
SELECT count(*) = 2 FROM pg_trigger
 WHERE tgname IN ('audit_logs_append_only', 'enhanced_audit_logs_append_only')
   AND tgfoid = 'public.prevent_audit_log_mutation()'::regprocedure AND tgparentid = 0;

-- fact: IP addresses are stored as inet
SELECT bool_and(data_type = 'inet') AND count(*) = 6 FROM information_schema.columns
 WHERE table_schema = 'public' AND column_name IN ('ip_address', 'last_login_ip', 'last_used_ip')
   AND table_name IN ('users', 'user_sessions', 'api_keys', 'verification_logs', 'audit_logs', 'enhanced_audit_logs');

-- fact: encrypted secrets are bytea
SELECT bool_and(data_type = 'bytea') AND count(*) = 8 FROM information_schema.columns
 WHERE table_schema = 'public' AND (table_name, column_name) IN (
       ('organizations', 'signing_key_encrypted'), ('users', 'mfa_secret_encrypted'),
       ('credentials', 'encrypted_payload'), ('webhooks', 'secret_encrypted'),
       ('sms_deliveries', 'phone_number_encrypted'), ('ldap_configurations', 'bind_password_encrypted'),
       ('erp_integrations', 'credentials_encrypted'), ('api_keys', 'key_hash'));

-- fact: template_reviews.rating is limited to 1..5
SELECT pg_get_constraintdef(oid) = 'CHECK (((rating >= 1) AND (rating <= 5)))'
  FROM pg_constraint WHERE conrelid = 'public.template_reviews'::regclass AND conname = 'template_reviews_rating_check';

-- fact: retention policies are unique per organization (or platform) and table, NULLs not distinct
SELECT pg_get_constraintdef(oid) = 'UNIQUE NULLS NOT DISTINCT (organization_id, target_table)'
  FROM pg_constraint WHERE conrelid = 'public.retention_policies'::regclass
   AND conname = 'retention_policies_organization_id_target_table_key';

-- fact: retention, analytics and partition functions exist
SELECT to_regprocedure('public.enforce_retention_policies(timestamp with time zone)') IS NOT NULL
   AND to_regprocedure('public.refresh_credential_analytics(date)') IS NOT NULL
   AND to_regprocedure('public.create_monthly_partition(regclass, date)') IS NOT NULL;

-- fact: the template_rating_summary view exists
SELECT EXISTS (SELECT 1 FROM pg_views WHERE schemaname = 'public' AND viewname = 'template_rating_summary');

-- fact: webhooks.events has a GIN index
SELECT pg_get_indexdef('public.idx_webhooks_events'::regclass) LIKE '%USING gin (events)';

-- fact: seed rows: issuer_categories holds university and company
SELECT count(*) = 2 FROM issuer_categories WHERE code IN ('university', 'company') AND is_active;
