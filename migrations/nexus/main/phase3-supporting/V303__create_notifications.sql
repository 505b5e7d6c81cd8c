-- Notifications: messages addressed to users
-- source: seed-docs/nexus.md §Supporting Tables

CREATE TABLE public.notifications (
    id                uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id           uuid NOT NULL,
    notification_type varchar(50) NOT NULL,
    title             varchar(255) NOT NULL,
    message           text NOT NULL,
    data              jsonb DEFAULT '{}'::jsonb NOT NULL,
    priority          varchar(20) DEFAULT 'normal' NOT NULL,
    is_read           boolean DEFAULT false NOT NULL,
    read_at           timestamp with time zone,
    created_at        timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at        timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT notifications_pkey PRIMARY KEY (id),
    CONSTRAINT notifications_priority_check CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE
);
CREATE INDEX idx_notifications_user_created ON public.notifications (user_id, created_at DESC);
CREATE INDEX idx_notifications_user_unread ON public.notifications (user_id, created_at DESC) WHERE is_read = false;
CREATE TRIGGER update_notifications_updated_at BEFORE UPDATE ON public.notifications FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
