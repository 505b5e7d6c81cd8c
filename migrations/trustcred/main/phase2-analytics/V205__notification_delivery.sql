-- Notification preferences and SMS delivery tracking
-- source: seed-docs/trustcred.md §Schema Files 2 (002_analytics_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE notification_preferences (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    notification_type varchar(50) NOT NULL,
    channel varchar(20) NOT NULL,
    is_enabled boolean DEFAULT true NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT notification_preferences_pkey PRIMARY KEY (id),
    CONSTRAINT notification_preferences_user_id_notification_type_channel_key
        UNIQUE (user_id, notification_type, channel),
    CONSTRAINT notification_preferences_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT notification_preferences_channel_check CHECK (channel IN ('in_app', 'email', 'sms', 'push'))
);
CREATE TRIGGER notification_preferences_set_updated_at BEFORE UPDATE ON notification_preferences
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE sms_deliveries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    notification_id uuid,
    user_id uuid,
    phone_number_encrypted bytea NOT NULL,
    phone_last4 varchar(4),
    message text NOT NULL,
    provider varchar(50) NOT NULL,
    provider_message_id varchar(255),
    status varchar(20) DEFAULT 'queued' NOT NULL,
    error_code varchar(50),
    error_message text,
    cost numeric(10,4),
    sent_at timestamptz,
    delivered_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT sms_deliveries_pkey PRIMARY KEY (id),
    CONSTRAINT sms_deliveries_provider_provider_message_id_key UNIQUE (provider, provider_message_id),
    CONSTRAINT sms_deliveries_notification_id_fkey FOREIGN KEY (notification_id)
        REFERENCES notifications (id) ON DELETE SET NULL,
    CONSTRAINT sms_deliveries_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT sms_deliveries_phone_last4_check CHECK (phone_last4 ~ '^[0-9]{4}$'),
    CONSTRAINT sms_deliveries_status_check
        CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'undelivered')),
    CONSTRAINT sms_deliveries_cost_check CHECK (cost >= 0)
);
CREATE INDEX idx_sms_deliveries_notification_id ON sms_deliveries (notification_id);
CREATE INDEX idx_sms_deliveries_user_id_created_at ON sms_deliveries (user_id, created_at DESC);
CREATE INDEX idx_sms_deliveries_status ON sms_deliveries (status);
CREATE INDEX idx_sms_deliveries_created_at ON sms_deliveries (created_at);
CREATE TRIGGER sms_deliveries_set_updated_at BEFORE UPDATE ON sms_deliveries
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
