-- Omnifin: documented facts checked against the live catalog after `migrate up`.
-- database: primary
-- fact: users_user.role allows exactly simple, super, admin, superadmin
SELECT pg_get_constraintdef(oid) = 'CHECK (((role)::text = ANY ((ARRAY[''simple''::character varying, ''super''::character varying, ''admin''::character varying, ''superadmin''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.users_user'::regclass AND conname = 'users_user_role_check';
-- fact: orders_order.priority allows exactly low, medium, high, urgent
SELECT pg_get_constraintdef(oid) = 'CHECK (((priority)::text = ANY ((ARRAY[''low''::character varying, ''medium''::character varying, ''high''::character varying, ''urgent''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.orders_order'::regclass AND conname = 'orders_order_priority_check';
-- fact: orders_message.sender_type allows exactly user, ai, agent
SELECT pg_get_constraintdef(oid) = 'CHECK (((sender_type)::text = ANY ((ARRAY[''user''::character varying, ''ai''::character varying, ''agent''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.orders_message'::regclass AND conname = 'orders_message_sender_type_check';
-- fact: users_user.role defaults to 'simple'
SELECT column_default = '''simple''::character varying' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users_user' AND column_name = 'role';
-- fact: orders_order.status defaults to 'pending'
SELECT column_default = '''pending''::character varying' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'orders_order' AND column_name = 'status';
-- fact: users_user.metadata defaults to an empty JSON object
SELECT column_default = '''{}''::jsonb' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users_user' AND column_name = 'metadata';
-- fact: auth_userpermissions is unique on (user_id, permission) in that order
SELECT pg_get_indexdef('public.auth_userpermissions_user_id_permission_key'::regclass) = 'CREATE UNIQUE INDEX auth_userpermissions_user_id_permission_key ON public.auth_userpermissions USING btree (user_id, permission)';
-- fact: idx_orders_assigned_status indexes (assigned_to_id, status) in that order
SELECT pg_get_indexdef('public.idx_orders_assigned_status'::regclass) = 'CREATE INDEX idx_orders_assigned_status ON public.orders_order USING btree (assigned_to_id, status)';
-- fact: all documented primary-database indexes exist
SELECT count(*) = 13 FROM pg_indexes WHERE schemaname = 'public' AND indexname IN ('idx_users_user_email', 'idx_users_user_group', 'idx_users_user_role', 'idx_analytics_activity_user', 'idx_analytics_activity_created', 'idx_orders_user', 'idx_orders_status', 'idx_orders_created', 'idx_messages_conversation', 'idx_messages_created', 'idx_orders_conversation', 'idx_conversations_user', 'idx_analytics_session_user');
-- fact: trigger update_users_updated_at runs update_updated_at_column before each update of users_user
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.users_user'::regclass AND tgname = 'update_users_updated_at' AND NOT tgisinternal AND tgtype = 19 AND tgfoid = 'public.update_updated_at_column()'::regprocedure);
-- fact: trigger update_orders_updated_at exists on orders_order
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.orders_order'::regclass AND tgname = 'update_orders_updated_at' AND NOT tgisinternal);
-- fact: users_user has the updated_at column its trigger needs
SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users_user' AND column_name = 'updated_at' AND data_type = 'timestamp without time zone');
-- fact: auth_userpermissions.user_id cascades on delete of the user
SELECT confdeltype = 'c' FROM pg_constraint WHERE conname = 'auth_userpermissions_user_id_fkey' AND conrelid = 'public.auth_userpermissions'::regclass;
-- fact: users_user and groups_group reference each other
SELECT (SELECT confrelid = 'public.groups_group'::regclass FROM pg_constraint WHERE conname = 'users_user_group_id_fkey') AND (SELECT confrelid = 'public.users_user'::regclass FROM pg_constraint WHERE conname = 'groups_group_created_by_id_fkey');
-- fact: orders_order.conversation_id references orders_conversation
SELECT confrelid = 'public.orders_conversation'::regclass AND confdeltype = 'a' FROM pg_constraint WHERE conname = 'orders_order_conversation_id_fkey';
-- fact: view analytics_user_activity_summary has columns user_id, username, role, total_activities, last_activity, active_days
SELECT array_agg(column_name::text ORDER BY ordinal_position) = ARRAY['user_id', 'username', 'role', 'total_activities', 'last_activity', 'active_days'] FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'analytics_user_activity_summary';
-- fact: view analytics_order_statistics exists and covers the last 30 days
SELECT pg_get_viewdef('public.analytics_order_statistics'::regclass) LIKE '%''30 days''::interval%' FROM pg_views WHERE schemaname = 'public' AND viewname = 'analytics_order_statistics';
-- fact: seed rows of core_systemsetting are present
SELECT array_agg(key::text || '=' || value ORDER BY key) = ARRAY['default_user_role=simple', 'maintenance_mode=false', 'platform_name=Omnifin'] FROM core_systemsetting WHERE key IN ('platform_name', 'default_user_role', 'maintenance_mode');
-- database: knowledge
-- fact: prompts_prompt.prompt_type allows exactly system, user, assistant
SELECT pg_get_constraintdef(oid) = 'CHECK (((prompt_type)::text = ANY ((ARRAY[''system''::character varying, ''user''::character varying, ''assistant''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.prompts_prompt'::regclass AND conname = 'prompts_prompt_prompt_type_check';
-- fact: knowledge_trainingdata.data_type allows exactly conversation, faq, document
SELECT pg_get_constraintdef(oid) = 'CHECK (((data_type)::text = ANY ((ARRAY[''conversation''::character varying, ''faq''::character varying, ''document''::character varying])::text[])))' FROM pg_constraint WHERE conrelid = 'public.knowledge_trainingdata'::regclass AND conname = 'knowledge_trainingdata_data_type_check';
-- fact: idx_trainingdata_group_type indexes (group_id, data_type) in that order
SELECT pg_get_indexdef('public.idx_trainingdata_group_type'::regclass) = 'CREATE INDEX idx_trainingdata_group_type ON public.knowledge_trainingdata USING btree (group_id, data_type)';
-- fact: knowledge_knowledgeversion is unique on (knowledge_entry_id, version) in that order
SELECT pg_get_indexdef('public.knowledge_knowledgeversion_knowledge_entry_id_version_key'::regclass) = 'CREATE UNIQUE INDEX knowledge_knowledgeversion_knowledge_entry_id_version_key ON public.knowledge_knowledgeversion USING btree (knowledge_entry_id, version)';
-- fact: all documented knowledge-bank indexes exist
SELECT count(*) = 5 FROM pg_indexes WHERE schemaname = 'public' AND indexname IN ('idx_knowledge_group', 'idx_knowledge_category', 'idx_knowledge_created', 'idx_prompts_group', 'idx_prompts_category');
-- fact: trigger knowledge_version_control runs create_knowledge_version before each update of knowledge_knowledgeentry
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.knowledge_knowledgeentry'::regclass AND tgname = 'knowledge_version_control' AND NOT tgisinternal AND tgtype = 19 AND tgfoid = 'public.create_knowledge_version()'::regprocedure);
-- fact: trigger prompt_version_control exists on prompts_prompt
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.prompts_prompt'::regclass AND tgname = 'prompt_version_control' AND NOT tgisinternal);
-- fact: trigger update_knowledge_updated_at exists on knowledge_knowledgeentry
SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'public.knowledge_knowledgeentry'::regclass AND tgname = 'update_knowledge_updated_at' AND NOT tgisinternal);
-- fact: knowledge_knowledgeversion.knowledge_entry_id cascades on delete of the entry
SELECT confdeltype = 'c' FROM pg_constraint WHERE conname = 'knowledge_knowledgeversion_knowledge_entry_id_fkey' AND conrelid = 'public.knowledge_knowledgeversion'::regclass;
-- fact: no foreign key leaves the knowledge bank's own tables (users and groups live in primary)
SELECT NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND confrelid NOT IN ('public.knowledge_knowledgeentry'::regclass, 'public.prompts_prompt'::regclass));
-- fact: knowledge_knowledgeentry.group_id is kept as a plain integer column
SELECT data_type = 'integer' AND is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'knowledge_knowledgeentry' AND column_name = 'group_id';
-- fact: knowledge_knowledgeentry.version defaults to 1
SELECT column_default = '1' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'knowledge_knowledgeentry' AND column_name = 'version';
-- fact: knowledge_trainingdata.is_used_for_training defaults to false
SELECT column_default = 'false' FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'knowledge_trainingdata' AND column_name = 'is_used_for_training';
