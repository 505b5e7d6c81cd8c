-- User notification system
-- source: seed-docs/trustcred.md §Schema Files 1 (001_initial_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE notifications (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    notification_type varchar(50) NOT NULL,
    channel varchar(20) DEFAULT 'in_app' NOT NULL,
    title varchar(255) NOT NULL,
    message text NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    status varchar(20) DEFAULT 'pending' NOT NULL,
    sent_at timestamptz,
    read_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT notifications_pkey PRIMARY KEY (id),
    CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT notifications_channel_check CHECK (channel IN ('in_app', 'email', 'sms', 'push')),
    CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent', 'delivered', 'read', 'failed'))
);
CREATE INDEX idx_notifications_user_id_status_created_at ON notifications (user_id, status, created_at DESC);
CREATE INDEX idx_notifications_unread ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;
CREATE INDEX idx_notifications_created_at ON notifications (created_at);
