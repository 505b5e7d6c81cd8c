-- Rollback of V104: User: accounts of people, with role, company and subscription

DROP TABLE public."User";
