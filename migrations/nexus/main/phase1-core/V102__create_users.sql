-- Users: identity, authentication and role
-- source: seed-docs/nexus.md §Table Specifications / users

CREATE TABLE public.users (
    id            uuid DEFAULT gen_random_uuid() NOT NULL,
    username      varchar(50) NOT NULL,
    email         varchar(255) NOT NULL,
    full_name     varchar(255) NOT NULL,
    password_hash varchar(255) NOT NULL,
    is_active     boolean DEFAULT true,
    is_verified   boolean DEFAULT false,
    role          varchar(50) DEFAULT 'user' NOT NULL,
    last_login    timestamp with time zone,
    created_at    timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    updated_at    timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    created_by    uuid,
    updated_by    uuid,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'manager', 'user', 'viewer', 'auditor')),
    CONSTRAINT users_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users (id) ON DELETE SET NULL,
    CONSTRAINT users_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.users (id) ON DELETE SET NULL
);
CREATE INDEX idx_users_username ON public.users (username);
CREATE INDEX idx_users_email ON public.users (email);
CREATE INDEX idx_users_active ON public.users (is_active);
CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
