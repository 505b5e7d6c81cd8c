-- Indexes of tables and materialized views, decomposed per key. Indexes that back a primary-key,
-- unique or exclusion constraint are left out: the constraint already describes them.
SELECT n.nspname || '.' || c.relname AS rel_key,
       n.nspname || '.' || ic.relname AS index_key,
       ic.relname::text AS name,
       i.indisunique AS is_unique,
       am.amname::text AS method,
       i.indnkeyatts::int4 AS key_count,
       -- pg_get_indexdef(oid, k, true) prints key k alone: a column name or an expression.
       ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true)
             FROM generate_series(1, i.indnatts) AS k ORDER BY k) AS exprs,
       ARRAY(SELECT i.indoption[k - 1]::int4
             FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS options,
       ARRAY(SELECT coalesce((SELECT oc.opcname::text FROM pg_catalog.pg_opclass oc
                              WHERE oc.oid = i.indclass[k - 1] AND NOT oc.opcdefault), '')
             FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS opclasses,
       ARRAY(SELECT coalesce((SELECT cl.collname::text FROM pg_catalog.pg_collation cl
                              WHERE cl.oid = i.indcollation[k - 1]
                                AND i.indcollation[k - 1] <> 100 -- the database default
                                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                                WHERE a.attrelid = i.indrelid
                                                  AND a.attnum = i.indkey[k - 1]
                                                  AND a.attcollation = i.indcollation[k - 1])), '')
             FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS collations,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       i.indnullsnotdistinct AS nulls_not_distinct,
       i.indisvalid AS valid
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('dbctl', 'pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname !~ '^pg_(toast_)?temp_'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_constraint con
    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid IN (c.oid, ic.oid) AND d.deptype = 'e')
ORDER BY 1, 2
