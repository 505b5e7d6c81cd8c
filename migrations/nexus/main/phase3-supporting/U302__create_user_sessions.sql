-- Rollback of V302: User sessions: server-side login sessions

DROP TRIGGER update_user_sessions_updated_at ON public.user_sessions;
DROP TABLE public.user_sessions;
