-- Rollback of V103: Accounts: financial accounts owned by users

DROP TRIGGER update_accounts_updated_at ON public.accounts;
DROP TABLE public.accounts;
