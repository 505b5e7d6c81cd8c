-- Rollback of V106: Audit log of row changes on the core tables, its trigger function and audit triggers

DROP TRIGGER audit_system_settings_changes ON public.system_settings;
DROP TRIGGER audit_transactions_changes ON public.transactions;
DROP TRIGGER audit_accounts_changes ON public.accounts;
DROP TRIGGER audit_users_changes ON public.users;
DROP FUNCTION public.log_audit_changes();
DROP TABLE public.audit_logs;
