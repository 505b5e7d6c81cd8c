-- Omnifin conversations (chat or voice) between a user and the AI or an agent
-- source: seed-docs/omnifin.md §3 Orders & Conversations (orders_conversation)
CREATE TABLE orders_conversation (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users_user(id),
    conversation_type VARCHAR(10) NOT NULL CHECK (conversation_type IN ('chat', 'voice')),
    status VARCHAR(20) DEFAULT 'active' CHECK (status IN ('active', 'ended', 'transferred')),
    started_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    ended_at TIMESTAMP,
    duration INTEGER CHECK (duration >= 0),
    metadata JSONB DEFAULT '{}'
);

CREATE INDEX idx_conversations_user ON orders_conversation(user_id);
