-- Rollback of V104: transactions: movements on accounts

DROP TRIGGER update_transactions_updated_at ON public.transactions;
DROP TABLE public.transactions;
