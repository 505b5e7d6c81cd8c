//! Backup-before-destroy for `migrate down`: which tables a set of rollback scripts drops (or
//! drops columns of, or truncates), and whether any of them holds rows.
//!
//! This is a cheap keyword scan, not an SQL parser: it looks for `DROP TABLE`, `TRUNCATE` and
//! `ALTER TABLE … DROP [COLUMN]`. Anything it misses is still covered by the backup the DBA
//! takes before a release; what it finds decides whether dbctl takes one itself.

use crate::error::Result;
use crate::migrate::history::db_error;
use sqlx::PgConnection;

/// Tables whose data the script would destroy, as written (`public.orders`, `"Weird"`).
pub fn destroyed_tables(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    for st in crate::migrate::split::split(sql) {
        let w = crate::provision::words(st.sql);
        let w: Vec<&str> = w.iter().map(|s| s.as_str()).collect();
        let skip_opts = |mut i: usize| {
            while i < w.len() && matches!(w[i], "if" | "exists" | "only" | "table") {
                i += 1;
            }
            i
        };
        match w.as_slice() {
            ["drop", "table", ..] => {
                let i = skip_opts(2);
                out.extend(w[i..].iter().take_while(|x| !matches!(**x, "cascade" | "restrict")).map(|s| s.to_string()));
            }
            ["truncate", ..] => {
                let i = skip_opts(1);
                out.extend(
                    w[i..]
                        .iter()
                        .take_while(|x| !matches!(**x, "cascade" | "restrict" | "restart" | "continue"))
                        .map(|s| s.trim_end_matches('*').to_string()),
                );
            }
            ["alter", "table", ..] => {
                let i = skip_opts(2);
                let Some(name) = w.get(i) else { continue };
                let drops_column = w.windows(2).any(|p| {
                    p[0] == "drop" && !matches!(p[1], "constraint" | "default" | "not" | "identity" | "expression")
                });
                if drops_column {
                    out.push(name.to_string());
                }
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Those of `tables` that exist and hold at least one row. Two round trips whatever the number
/// of tables (`down --steps 100` may name a hundred): one resolves every name, one probes those
/// that may hold rows (none, when every heap is empty).
pub async fn tables_with_rows(c: &mut PgConnection, tables: &[String]) -> Result<Vec<String>> {
    if tables.is_empty() {
        return Ok(Vec::new());
    }
    // to_regclass resolves each name as SQL would (quotes, search_path); its ::text form is quoted
    // by the server, so it is safe to put into the probe.
    // An ordinary table whose heap is zero bytes long has never held a row: it needs no probe
    // (planning an EXISTS per table is most of the cost when a rollback drops hundreds).
    const RESOLVE: &str = "SELECT c.oid::regclass::text, c.relkind = 'r' AND pg_catalog.pg_relation_size(c.oid) = 0 \
                           FROM unnest($1::text[]) AS u(t) JOIN pg_catalog.pg_class c ON c.oid = to_regclass(u.t)";
    let batch = sqlx::query_as::<_, (String, bool)>(RESOLVE).bind(tables).fetch_all(&mut *c).await;
    let resolved: Vec<(String, bool)> = match batch {
        Ok(r) => r,
        // One name that does not parse fails the batch: resolve them one by one instead.
        Err(sqlx::Error::Database(d)) if d.code().as_deref() == Some("42602") => {
            let mut r = Vec::new();
            for t in tables {
                let one = sqlx::query_as::<_, (String, bool)>(RESOLVE)
                    .bind(std::slice::from_ref(t))
                    .fetch_optional(&mut *c)
                    .await;
                r.extend(one.ok().flatten());
            }
            r
        }
        Err(e) => return Err(db_error("resolve the tables a rollback drops", e)),
    };
    let mut names: Vec<String> = resolved.into_iter().filter(|(_, empty)| !empty).map(|(n, _)| n).collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let probe = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("SELECT {i} AS i WHERE EXISTS (SELECT 1 FROM {n} LIMIT 1)"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let full: Vec<i32> = sqlx::query_scalar(&probe)
        .persistent(false)
        .fetch_all(&mut *c)
        .await
        .map_err(|e| db_error("probe the tables a rollback drops for rows", e))?;
    Ok(full.into_iter().filter_map(|i| names.get(i as usize).cloned()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dropped_tables_and_columns() {
        let sql = "DROP TABLE IF EXISTS public.orders, items CASCADE;\n\
                   ALTER TABLE users DROP COLUMN nickname;\n\
                   ALTER TABLE users ALTER COLUMN email DROP DEFAULT;\n\
                   ALTER TABLE ONLY accounts DROP CONSTRAINT accounts_pk;\n\
                   DROP INDEX idx_x; DROP TYPE t;\n\
                   TRUNCATE audit_log;";
        assert_eq!(destroyed_tables(sql), ["audit_log", "items", "public.orders", "users"]);
        assert!(destroyed_tables("-- drop table x\nDROP VIEW v;").is_empty());
    }
}
