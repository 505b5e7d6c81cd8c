-- Accounts: financial accounts owned by users
-- source: seed-docs/nexus.md §Table Specifications / accounts

CREATE TABLE public.accounts (
    id             uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id        uuid NOT NULL,
    account_name   varchar(255) NOT NULL,
    account_type   varchar(50) NOT NULL,
    account_number varchar(50) NOT NULL,
    balance        numeric(15,2) DEFAULT 0.00,
    currency       varchar(3) DEFAULT 'USD',
    is_active      boolean DEFAULT true,
    created_at     timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    updated_at     timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    created_by     uuid,
    updated_by     uuid,
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_account_number_key UNIQUE (account_number),
    CONSTRAINT accounts_account_type_check CHECK (account_type IN ('checking', 'savings', 'investment', 'credit', 'loan')),
    CONSTRAINT accounts_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE RESTRICT,
    CONSTRAINT accounts_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users (id) ON DELETE SET NULL,
    CONSTRAINT accounts_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.users (id) ON DELETE SET NULL
);
CREATE INDEX idx_accounts_user_id ON public.accounts (user_id);
CREATE INDEX idx_accounts_type ON public.accounts (account_type);
CREATE INDEX idx_accounts_active ON public.accounts (is_active);
CREATE TRIGGER update_accounts_updated_at BEFORE UPDATE ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
