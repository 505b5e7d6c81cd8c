-- database: main
-- fact: users.role CHECK allows exactly admin, manager, user, viewer, auditor
SELECT pg_get_constraintdef(oid) = 'CHECK (((role)::text = ANY ((ARRAY[''admin''::character varying, ''manager''::character varying, ''user''::character varying, ''viewer''::character varying, ''auditor''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.users'::regclass AND conname = 'users_role_check';
-- fact: accounts.account_type CHECK allows checking, savings, investment, credit, loan
SELECT pg_get_constraintdef(oid) = 'CHECK (((account_type)::text = ANY ((ARRAY[''checking''::character varying, ''savings''::character varying, ''investment''::character varying, ''credit''::character varying, ''loan''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.accounts'::regclass AND conname = 'accounts_account_type_check';
-- fact: transactions.transaction_type CHECK allows deposit, withdrawal, transfer, payment, fee, interest
SELECT pg_get_constraintdef(oid) = 'CHECK (((transaction_type)::text = ANY ((ARRAY[''deposit''::character varying, ''withdrawal''::character varying, ''transfer''::character varying, ''payment''::character varying, ''fee''::character varying, ''interest''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.transactions'::regclass AND conname = 'transactions_transaction_type_check';
-- fact: transactions.status CHECK allows pending, completed, failed, cancelled
SELECT pg_get_constraintdef(oid) = 'CHECK (((status)::text = ANY ((ARRAY[''pending''::character varying, ''completed''::character varying, ''failed''::character varying, ''cancelled''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.transactions'::regclass AND conname = 'transactions_status_check';
-- fact: ssot_api_contracts.status CHECK allows active, deprecated, archived
SELECT pg_get_constraintdef(oid) = 'CHECK (((status)::text = ANY ((ARRAY[''active''::character varying, ''deprecated''::character varying, ''archived''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.ssot_api_contracts'::regclass AND conname = 'ssot_api_contracts_status_check';
-- fact: ssot_api_aliases.alias_type CHECK allows permanent, temporary
SELECT pg_get_constraintdef(oid) = 'CHECK (((alias_type)::text = ANY ((ARRAY[''permanent''::character varying, ''temporary''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.ssot_api_aliases'::regclass AND conname = 'ssot_api_aliases_alias_type_check';
-- fact: composite unique index on ssot_api_aliases is (alias_name, context) in that order
SELECT pg_get_indexdef('public.ssot_api_aliases_alias_name_context_key'::regclass) = 'CREATE UNIQUE INDEX ssot_api_aliases_alias_name_context_key ON public.ssot_api_aliases USING btree (alias_name, context)';
-- fact: users.username, users.email and accounts.account_number are unique
SELECT count(*) = 3 FROM pg_constraint WHERE contype = 'u' AND conname IN ('users_username_key', 'users_email_key', 'accounts_account_number_key');
-- fact: ssot_api_contracts.canonical_name is unique
SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'public.ssot_api_contracts'::regclass AND contype = 'u' AND conname = 'ssot_api_contracts_canonical_name_key');
-- fact: all documented index names exist
SELECT count(*) = 19 FROM pg_indexes WHERE schemaname = 'public' AND indexname IN ('idx_users_username', 'idx_users_email', 'idx_users_active', 'idx_accounts_user_id', 'idx_accounts_type', 'idx_accounts_active', 'idx_transactions_account_id', 'idx_transactions_type', 'idx_transactions_status', 'idx_transactions_date', 'idx_ssot_api_contracts_canonical_name', 'idx_ssot_api_contracts_status', 'idx_ssot_api_aliases_contract_id', 'idx_ssot_api_aliases_alias_name', 'idx_ssot_api_aliases_context', 'idx_ssot_api_aliases_active', 'idx_audit_logs_table_record', 'idx_audit_logs_changed_by', 'idx_audit_logs_created_at');
-- fact: accounts.user_id references users(id) with ON DELETE RESTRICT
SELECT confdeltype = 'r' AND confrelid = 'public.users'::regclass FROM pg_constraint WHERE conname = 'accounts_user_id_fkey';
-- fact: transactions.account_id references accounts(id) with ON DELETE RESTRICT
SELECT confdeltype = 'r' AND confrelid = 'public.accounts'::regclass FROM pg_constraint WHERE conname = 'transactions_account_id_fkey';
-- fact: ssot_api_aliases.contract_id references ssot_api_contracts(id) with ON DELETE CASCADE
SELECT confdeltype = 'c' AND confrelid = 'public.ssot_api_contracts'::regclass FROM pg_constraint WHERE conname = 'ssot_api_aliases_contract_id_fkey';
-- fact: users.created_by is a self reference with ON DELETE SET NULL
SELECT confdeltype = 'n' AND confrelid = 'public.users'::regclass FROM pg_constraint WHERE conname = 'users_created_by_fkey';
-- fact: accounts.currency defaults to 'USD'
SELECT column_default = '''USD''::character varying' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'accounts' AND column_name = 'currency';
-- fact: transactions.status defaults to 'pending'
SELECT column_default = '''pending''::character varying' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'transactions' AND column_name = 'status';
-- fact: ssot_api_aliases.alias_type defaults to 'permanent'
SELECT column_default = '''permanent''::character varying' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'ssot_api_aliases' AND column_name = 'alias_type';
-- fact: accounts.balance is numeric(15,2) defaulting to 0.00
SELECT data_type = 'numeric' AND numeric_precision = 15 AND numeric_scale = 2 AND column_default = '0.00' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'accounts' AND column_name = 'balance';
-- fact: users.id is a uuid generated by gen_random_uuid()
SELECT data_type = 'uuid' AND column_default = 'gen_random_uuid()' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = 'id';
-- fact: functions update_updated_at_column() and log_ssot_changes() exist and return trigger
SELECT count(*) = 2 FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proname IN ('update_updated_at_column', 'log_ssot_changes') AND prorettype = 'trigger'::regtype;
-- fact: users has a BEFORE UPDATE trigger calling update_updated_at_column()
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.users'::regclass AND tgname = 'update_users_updated_at' AND tgfoid = 'public.update_updated_at_column()'::regprocedure);
-- fact: every table with an updated_at column has an updated_at trigger
SELECT count(*) = 10 FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.column_name = 'updated_at' AND EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = format('public.%I', c.table_name)::regclass AND t.tgfoid = 'public.update_updated_at_column()'::regprocedure);
-- fact: the SSOT contracts and aliases tables are audited by log_ssot_changes()
SELECT count(*) = 2 FROM pg_trigger WHERE tgrelid IN ('public.ssot_api_contracts'::regclass, 'public.ssot_api_aliases'::regclass) AND tgfoid = 'public.log_ssot_changes()'::regprocedure;
-- fact: users, accounts and transactions have audit triggers writing to audit_logs
SELECT count(*) = 3 FROM pg_trigger WHERE tgrelid IN ('public.users'::regclass, 'public.accounts'::regclass, 'public.transactions'::regclass) AND tgfoid = 'public.log_audit_changes()'::regprocedure;
-- fact: seed rows of system_settings (platform.name, platform.schema_version) are present
SELECT count(*) = 2 FROM public.system_settings WHERE (setting_key, setting_value) IN (('platform.name', '"NEXUS"'::jsonb), ('platform.schema_version', '"3.0.0"'::jsonb));
