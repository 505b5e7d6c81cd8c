-- Transactions: movements on accounts
-- source: seed-docs/nexus.md §Table Specifications / transactions

CREATE TABLE public.transactions (
    id               uuid DEFAULT gen_random_uuid() NOT NULL,
    account_id       uuid NOT NULL,
    transaction_type varchar(50) NOT NULL,
    amount           numeric(15,2) NOT NULL,
    description      text,
    reference_number varchar(100),
    status           varchar(20) DEFAULT 'pending',
    transaction_date timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    processed_at     timestamp with time zone,
    created_at       timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    updated_at       timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    created_by       uuid,
    updated_by       uuid,
    CONSTRAINT transactions_pkey PRIMARY KEY (id),
    CONSTRAINT transactions_transaction_type_check CHECK (transaction_type IN ('deposit', 'withdrawal', 'transfer', 'payment', 'fee', 'interest')),
    CONSTRAINT transactions_status_check CHECK (status IN ('pending', 'completed', 'failed', 'cancelled')),
    CONSTRAINT transactions_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts (id) ON DELETE RESTRICT,
    CONSTRAINT transactions_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users (id) ON DELETE SET NULL,
    CONSTRAINT transactions_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.users (id) ON DELETE SET NULL
);
CREATE INDEX idx_transactions_account_id ON public.transactions (account_id);
CREATE INDEX idx_transactions_type ON public.transactions (transaction_type);
CREATE INDEX idx_transactions_status ON public.transactions (status);
CREATE INDEX idx_transactions_date ON public.transactions (transaction_date);
CREATE TRIGGER update_transactions_updated_at BEFORE UPDATE ON public.transactions FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
