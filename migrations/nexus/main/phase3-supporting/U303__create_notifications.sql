-- Rollback of V303: Notifications: messages addressed to users

DROP TRIGGER update_notifications_updated_at ON public.notifications;
DROP TABLE public.notifications;
