-- Rollback of V202__template_marketplace: template marketplace: categories, reviews and the rating summary view

DROP VIEW template_rating_summary;
DROP TABLE template_reviews;
ALTER TABLE credential_templates DROP COLUMN category_id;
DROP TABLE template_categories;
