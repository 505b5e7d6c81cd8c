-- Rollback of V102: drop the prompt tables and their version trigger function
DROP TABLE prompts_promptversion;
DROP TRIGGER update_prompts_updated_at ON prompts_prompt;
DROP TRIGGER prompt_version_control ON prompts_prompt;
DROP INDEX idx_prompts_category;
DROP INDEX idx_prompts_group;
DROP TABLE prompts_prompt;
DROP FUNCTION create_prompt_version();
