-- Omnifin conversation messages (text, image, audio, file) from the user, the AI or an agent
-- source: seed-docs/omnifin.md §3 Orders & Conversations (orders_message), §Performance Indexes
CREATE TABLE orders_message (
    id SERIAL PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES orders_conversation(id),
    sender_type VARCHAR(10) NOT NULL CHECK (sender_type IN ('user', 'ai', 'agent')),
    sender_id INTEGER,
    message_type VARCHAR(10) DEFAULT 'text' CHECK (message_type IN ('text', 'image', 'audio', 'file')),
    content TEXT NOT NULL,
    file_url VARCHAR(500),
    file_size INTEGER CHECK (file_size >= 0),
    file_type VARCHAR(50),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    processed_at TIMESTAMP,
    metadata JSONB DEFAULT '{}'
);

CREATE INDEX idx_messages_conversation ON orders_message(conversation_id);
CREATE INDEX idx_messages_created ON orders_message(created_at);
