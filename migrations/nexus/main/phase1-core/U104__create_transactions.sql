-- Rollback of V104: Transactions: movements on accounts

DROP TRIGGER update_transactions_updated_at ON public.transactions;
DROP TABLE public.transactions;
