-- Rollback of V102: Users: identity, authentication and role

DROP TRIGGER update_users_updated_at ON public.users;
DROP TABLE public.users;
