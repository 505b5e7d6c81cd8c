-- Rollback of V102: Company: the tenant every record belongs to

DROP TABLE public."Company";
