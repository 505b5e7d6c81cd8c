-- Omnifin orders (loan or insurance requests), optionally born from a conversation
-- source: seed-docs/omnifin.md §3 Orders & Conversations (orders_order), §Performance Indexes, §Automatic Timestamps
CREATE TABLE orders_order (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users_user(id),
    order_type VARCHAR(20) NOT NULL CHECK (order_type IN ('loan', 'insurance')),
    status VARCHAR(20) DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'cancelled')),
    priority VARCHAR(10) DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    conversation_id INTEGER REFERENCES orders_conversation(id),
    assigned_to_id INTEGER REFERENCES users_user(id),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    completed_at TIMESTAMP,
    metadata JSONB DEFAULT '{}'
);

CREATE INDEX idx_orders_user ON orders_order(user_id);
CREATE INDEX idx_orders_status ON orders_order(status);
CREATE INDEX idx_orders_created ON orders_order(created_at);
CREATE INDEX idx_orders_conversation ON orders_order(conversation_id);
CREATE INDEX idx_orders_assigned_status ON orders_order(assigned_to_id, status);

CREATE TRIGGER update_orders_updated_at BEFORE UPDATE ON orders_order
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
