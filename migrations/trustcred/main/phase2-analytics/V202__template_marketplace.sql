-- Template marketplace: categories, reviews and the rating summary view
-- source: seed-docs/trustcred.md §Schema Files 2 (002_analytics_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE template_categories (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    parent_id uuid,
    name varchar(100) NOT NULL,
    slug varchar(100) NOT NULL,
    description text,
    sort_order integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT template_categories_pkey PRIMARY KEY (id),
    CONSTRAINT template_categories_slug_key UNIQUE (slug),
    CONSTRAINT template_categories_parent_id_fkey FOREIGN KEY (parent_id)
        REFERENCES template_categories (id) ON DELETE SET NULL,
    CONSTRAINT template_categories_slug_check CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT template_categories_parent_check CHECK (parent_id <> id)
);
CREATE INDEX idx_template_categories_parent_id ON template_categories (parent_id);
CREATE TRIGGER template_categories_set_updated_at BEFORE UPDATE ON template_categories
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

ALTER TABLE credential_templates ADD COLUMN category_id uuid;
ALTER TABLE credential_templates ADD CONSTRAINT credential_templates_category_id_fkey FOREIGN KEY (category_id)
    REFERENCES template_categories (id) ON DELETE SET NULL;
CREATE INDEX idx_credential_templates_category_id ON credential_templates (category_id);

CREATE TABLE template_reviews (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    template_id uuid NOT NULL,
    user_id uuid NOT NULL,
    rating smallint NOT NULL,
    title varchar(255),
    comment text,
    status varchar(20) DEFAULT 'published' NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT template_reviews_pkey PRIMARY KEY (id),
    CONSTRAINT template_reviews_template_id_user_id_key UNIQUE (template_id, user_id),
    CONSTRAINT template_reviews_template_id_fkey FOREIGN KEY (template_id)
        REFERENCES credential_templates (id) ON DELETE CASCADE,
    CONSTRAINT template_reviews_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT template_reviews_rating_check CHECK (rating BETWEEN 1 AND 5),
    CONSTRAINT template_reviews_status_check CHECK (status IN ('pending', 'published', 'hidden'))
);
CREATE INDEX idx_template_reviews_user_id ON template_reviews (user_id);
CREATE TRIGGER template_reviews_set_updated_at BEFORE UPDATE ON template_reviews
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE VIEW template_rating_summary AS
SELECT t.id AS template_id,
       t.name,
       count(r.id) AS review_count,
       round(avg(r.rating), 2) AS average_rating
  FROM credential_templates t
  LEFT JOIN template_reviews r ON r.template_id = t.id AND r.status = 'published'
 GROUP BY t.id, t.name;
