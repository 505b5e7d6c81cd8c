-- OpenMineral: documented facts checked against the live catalog after `migrate up`.
-- database: main
-- fact: users.role allows exactly trader, analyst, compliance, admin
SELECT pg_get_constraintdef(oid) = 'CHECK (((role)::text = ANY ((ARRAY[''trader''::character varying, ''analyst''::character varying, ''compliance''::character varying, ''admin''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.users'::regclass AND conname = 'users_role_check';
-- fact: deals.status allows exactly draft, pending, active, completed, cancelled
SELECT pg_get_constraintdef(oid) = 'CHECK (((status)::text = ANY ((ARRAY[''draft''::character varying, ''pending''::character varying, ''active''::character varying, ''completed''::character varying, ''cancelled''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.deals'::regclass AND conname = 'deals_status_check';
-- fact: kyc_records.risk_level allows exactly low, medium, high
SELECT pg_get_constraintdef(oid) = 'CHECK (((risk_level)::text = ANY ((ARRAY[''low''::character varying, ''medium''::character varying, ''high''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.kyc_records'::regclass AND conname = 'kyc_records_risk_level_check';
-- fact: risk_assessments.overall_score is limited to 0.0..10.0
SELECT pg_get_constraintdef(oid) = 'CHECK (((overall_score >= 0.0) AND (overall_score <= 10.0)))' FROM pg_constraint WHERE conrelid = 'public.risk_assessments'::regclass AND conname = 'risk_assessments_overall_score_check';
-- fact: idx_workflow_executions_deal_status indexes (deal_id, status) in that order
SELECT pg_get_indexdef('public.idx_workflow_executions_deal_status'::regclass) = 'CREATE INDEX idx_workflow_executions_deal_status ON public.workflow_executions USING btree (deal_id, status)';
-- fact: deal_kyc_records primary key is (deal_id, counterparty)
SELECT pg_get_constraintdef(oid) = 'PRIMARY KEY (deal_id, counterparty)' FROM pg_constraint WHERE conrelid = 'public.deal_kyc_records'::regclass AND contype = 'p';
-- fact: idx_risk_deal_id is a unique index on risk_assessments(deal_id)
SELECT pg_get_indexdef('public.idx_risk_deal_id'::regclass) = 'CREATE UNIQUE INDEX idx_risk_deal_id ON public.risk_assessments USING btree (deal_id)';
-- fact: the documented single-column indexes exist on their columns
SELECT count(*) = 6 FROM pg_indexes WHERE schemaname = 'public' AND indexname IN ('idx_deals_status', 'idx_deals_commodity', 'idx_deals_created_by', 'idx_kyc_user_id', 'idx_compliance_deal_id', 'idx_risk_deal_id');
-- fact: trigger update_deals_updated_at fires before update on deals
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.deals'::regclass AND tgname = 'update_deals_updated_at' AND NOT tgisinternal AND tgfoid = 'public.update_updated_at_column()'::regprocedure);
-- fact: trigger update_users_updated_at exists on users
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.users'::regclass AND tgname = 'update_users_updated_at' AND NOT tgisinternal);
-- fact: deal_kyc_records.deal_id cascades on delete of the deal
SELECT confdeltype = 'c' FROM pg_constraint WHERE conname = 'deal_kyc_records_deal_id_fkey' AND conrelid = 'public.deal_kyc_records'::regclass;
-- fact: deal_kyc_records.kyc_record_id restricts deletion of a linked KYC record
SELECT confdeltype = 'r' FROM pg_constraint WHERE conname = 'deal_kyc_records_kyc_record_id_fkey' AND conrelid = 'public.deal_kyc_records'::regclass;
-- fact: compliance_checks.deal_id references deals with the default NO ACTION
SELECT confdeltype = 'a' AND confrelid = 'public.deals'::regclass FROM pg_constraint WHERE conname = 'compliance_checks_deal_id_fkey';
-- fact: kyc_records.submitted_at defaults to CURRENT_TIMESTAMP
SELECT column_default = 'CURRENT_TIMESTAMP' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'kyc_records' AND column_name = 'submitted_at';
-- fact: deals.price is numeric(15,2) NOT NULL
SELECT data_type = 'numeric' AND numeric_precision = 15 AND numeric_scale = 2 AND is_nullable = 'NO' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'deals' AND column_name = 'price';
-- fact: users.username and users.email are unique
SELECT count(*) = 2 FROM pg_constraint WHERE conrelid = 'public.users'::regclass AND contype = 'u' AND conname IN ('users_username_key', 'users_email_key');
-- fact: compliance_checks.regulations is a text array
SELECT data_type = 'ARRAY' AND udt_name = '_text' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'compliance_checks' AND column_name = 'regulations';
