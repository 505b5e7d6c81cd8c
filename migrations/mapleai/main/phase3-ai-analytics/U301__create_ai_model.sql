-- Rollback of V301: AIModel: AI model versions, their status, metrics and configuration

DROP TABLE public."AIModel";
