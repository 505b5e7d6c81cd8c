-- System settings: key/value platform configuration, with its seed rows
-- source: seed-docs/nexus.md §Core Tables

CREATE TABLE public.system_settings (
    id            uuid DEFAULT gen_random_uuid() NOT NULL,
    setting_key   varchar(100) NOT NULL,
    setting_value jsonb NOT NULL,
    description   text,
    category      varchar(50) DEFAULT 'general' NOT NULL,
    created_at    timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at    timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    created_by    uuid,
    updated_by    uuid,
    CONSTRAINT system_settings_pkey PRIMARY KEY (id),
    CONSTRAINT system_settings_setting_key_key UNIQUE (setting_key),
    CONSTRAINT system_settings_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users (id) ON DELETE SET NULL,
    CONSTRAINT system_settings_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.users (id) ON DELETE SET NULL
);
CREATE INDEX idx_system_settings_category ON public.system_settings (category);
CREATE TRIGGER update_system_settings_updated_at BEFORE UPDATE ON public.system_settings FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

INSERT INTO public.system_settings (setting_key, setting_value, description, category) VALUES
    ('platform.name', '"NEXUS"', 'Display name of the platform', 'general'),
    ('platform.schema_version', '"3.0.0"', 'Version of the NEXUS schema documentation this database implements', 'general');
