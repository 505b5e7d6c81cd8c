//! The Redis part of a backup: the keys of the documented conventions, with their TTLs.
//!
//! Each convention's pattern becomes a SCAN `MATCH` glob ([`Pattern::glob`]), scanned on every
//! master (never `KEYS`); a key is kept when the conventions classify it as that convention (so
//! overlapping globs never write a key twice, and a glob hit that fails a placeholder's kind is
//! left out). Per SCAN batch, `DUMP` + `PTTL` of its keys and the next `SCAN` go out as one
//! pipeline, and the lines are written at once: memory is one batch, whatever the keyspace.
//!
//! `redis/keys.jsonl`: `{"key": <base64>, "pttl": <ms or -1>, "dump": <base64>}` a line. Keys
//! and values are bytes, hence base64. A restore sends `RESTORE key pttl|0 dump` (with
//! `REPLACE` under `--yes`), pipelined per master in batches; the TTL starts again from the
//! restore (it is what remained at backup time).

use super::manifest::RedisPart;
use crate::error::{io_error, Error, Result};
use crate::redis::client::{bytes, int, text, Redis};
use crate::redis::spec::Spec;
use base64::Engine;
use redis::Value;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

pub const FILE: &str = "redis/keys.jsonl";
/// Keys asked for per SCAN call, and keys per RESTORE pipeline.
pub const BATCH: usize = 1000;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// `redis_version` from `INFO server` on the first master.
pub async fn server_version(r: &mut Redis) -> Result<String> {
    let v = r.cmd_on(0, redis::cmd("INFO").arg("server"), "INFO server").await?;
    let info = text(&v).unwrap_or_default();
    Ok(info
        .lines()
        .find_map(|l| l.trim().strip_prefix("redis_version:").map(str::to_string))
        .unwrap_or_else(|| "unknown".into()))
}

fn scan_cmd(cursor: &[u8], glob: &str) -> redis::Cmd {
    let mut c = redis::cmd("SCAN");
    c.arg(cursor).arg("MATCH").arg(glob).arg("COUNT").arg(BATCH);
    c
}

fn parse_scan(v: &Value) -> (Vec<u8>, Vec<Vec<u8>>) {
    let Value::Array(items) = v else { return (b"0".to_vec(), Vec::new()) };
    let cursor = items.first().and_then(bytes).map(|b| b.to_vec()).unwrap_or_else(|| b"0".to_vec());
    let keys = match items.get(1) {
        Some(Value::Array(ks)) => ks.iter().filter_map(|k| bytes(k).map(|b| b.to_vec())).collect(),
        _ => Vec::new(),
    };
    (cursor, keys)
}

/// `url` with its db number (the path) replaced by `db`; the query string is kept.
pub fn url_with_db(url: &str, db: u32) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else { return url.to_string() };
    let rest = &url[scheme_end..];
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let after = &rest[auth_end..];
    let query = after.find(['?', '#']).map(|i| &after[i..]).unwrap_or("");
    format!("{}{}/{db}{query}", &url[..scheme_end], &rest[..auth_end])
}

/// The db number a Redis URL selects (0 when it names none).
pub fn url_db(url: &str) -> u32 {
    let rest = url.find("://").map(|i| &url[i + 3..]).unwrap_or(url);
    let Some(slash) = rest.find('/') else { return 0 };
    let path = &rest[slash + 1..];
    path[..path.find(['?', '#']).unwrap_or(path.len())].parse().unwrap_or(0)
}

/// One line of `keys.jsonl`.
pub fn line(key: &[u8], pttl: i64, dump: &[u8]) -> String {
    serde_json::json!({"key": B64.encode(key), "pttl": pttl, "dump": B64.encode(dump)}).to_string()
}

/// Parses a line back into (key, pttl, dump).
pub fn parse_line(l: &str) -> std::result::Result<(Vec<u8>, i64, Vec<u8>), String> {
    let v: serde_json::Value = serde_json::from_str(l).map_err(|e| format!("not JSON: {e}"))?;
    let field = |name: &str| -> std::result::Result<Vec<u8>, String> {
        let s = v[name].as_str().ok_or_else(|| format!("no string {name:?}"))?;
        B64.decode(s).map_err(|e| format!("{name:?} is not base64: {e}"))
    };
    let pttl = v["pttl"].as_i64().ok_or("no integer \"pttl\"")?;
    Ok((field("key")?, pttl, field("dump")?))
}

/// Writes the keys of `spec`'s conventions into `<backup_dir>/redis/keys.jsonl`.
pub async fn dump(backup_dir: &Path, r: &mut Redis, spec: &Spec) -> Result<RedisPart> {
    let server_version = server_version(r).await?;
    super::private_dir(&backup_dir.join("redis"))?;
    let path = backup_dir.join(FILE);
    let mut w = BufWriter::with_capacity(1 << 16, super::create_private(&path)?);
    let werr = |e: std::io::Error| io_error("cannot write", &path, e);
    let mut keys = 0u64;
    for (ci, conv) in spec.conventions.iter().enumerate() {
        let glob = conv.pattern.glob(&spec.prefix);
        for node in 0..r.nodes.len() {
            let mut reply = r.cmd_on(node, &scan_cmd(b"0", &glob), "SCAN").await?;
            loop {
                let (cursor, found) = parse_scan(&reply);
                let done = cursor == b"0";
                let ours: Vec<Vec<u8>> = found
                    .into_iter()
                    .filter(|k| {
                        let rel = k.strip_prefix(spec.prefix.as_bytes()).unwrap_or(k);
                        k.starts_with(spec.prefix.as_bytes()) && spec.classify(rel) == Some(ci)
                    })
                    .collect();
                let mut p = redis::pipe();
                for k in &ours {
                    p.cmd("DUMP").arg(k.as_slice());
                    p.cmd("PTTL").arg(k.as_slice());
                }
                if !done {
                    p.add_command(scan_cmd(&cursor, &glob));
                }
                if p.is_empty() {
                    break;
                }
                let out = r.pipe_on(node, &p, "SCAN/DUMP/PTTL").await?;
                for (i, k) in ours.iter().enumerate() {
                    let (Some(dump), Some(pttl)) = (out.get(2 * i).and_then(bytes), out.get(2 * i + 1).and_then(int))
                    else {
                        continue; // gone between SCAN and DUMP
                    };
                    if pttl == -2 {
                        continue;
                    }
                    w.write_all(line(k, pttl, dump).as_bytes()).map_err(werr)?;
                    w.write_all(b"\n").map_err(werr)?;
                    keys += 1;
                }
                if done {
                    break;
                }
                reply = out.into_iter().last().unwrap_or(Value::Nil);
            }
        }
    }
    let f = w.into_inner().map_err(|e| io_error("cannot write", &path, e.into_error()))?;
    f.sync_all().map_err(werr)?;
    Ok(RedisPart { server_version, cluster: r.is_cluster(), nodes: r.nodes.len(), keys, file: FILE.to_string() })
}

/// What a Redis restore did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Restored {
    pub keys: u64,
    /// Keys that existed and were replaced (`--yes`), or would have been.
    pub existing: u64,
    pub with_ttl: u64,
}

/// Reads `keys.jsonl` in batches of [`BATCH`] lines and hands each batch to `f`.
async fn batches<F>(path: &Path, mut f: F) -> Result<()>
where
    F: AsyncFnMut(Vec<(Vec<u8>, i64, Vec<u8>)>) -> Result<()>,
{
    let file = std::fs::File::open(path).map_err(|e| io_error("cannot read", path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut batch = Vec::with_capacity(BATCH);
    let mut l = String::new();
    let mut n = 0usize;
    loop {
        l.clear();
        let read = reader.read_line(&mut l).map_err(|e| io_error("cannot read", path, e))?;
        if read > 0 && !l.trim().is_empty() {
            n += 1;
            batch.push(parse_line(&l).map_err(|e| Error::input(format!("{}:{n}: {e}", path.display())))?);
        }
        if (read == 0 && !batch.is_empty()) || batch.len() >= BATCH {
            f(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).await?;
        }
        if read == 0 {
            return Ok(());
        }
    }
}

/// Per master, the indexes of `keys` it owns.
fn by_node(r: &Redis, keys: &[(Vec<u8>, i64, Vec<u8>)]) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, (k, _, _)) in keys.iter().enumerate() {
        let node = r.node_of(k);
        match out.iter_mut().find(|(n, _)| *n == node) {
            Some((_, v)) => v.push(i),
            None => out.push((node, vec![i])),
        }
    }
    out
}

/// Counts the keys of the backup that exist already behind `r`; without `yes` any is an input
/// error (nothing is written). Returns the count.
pub async fn check_target(backup_dir: &Path, part: &RedisPart, r: &mut Redis, yes: bool) -> Result<u64> {
    let path = backup_dir.join(&part.file);
    let mut existing = 0u64;
    let mut samples: Vec<String> = Vec::new();
    batches(&path, async |batch| {
        for (node, idx) in by_node(r, &batch) {
            let mut p = redis::pipe();
            for &i in &idx {
                p.cmd("EXISTS").arg(batch[i].0.as_slice());
            }
            let out = r.pipe_on(node, &p, "EXISTS").await?;
            for (j, &i) in idx.iter().enumerate() {
                if out.get(j).and_then(int).unwrap_or(0) > 0 {
                    existing += 1;
                    if samples.len() < 5 {
                        samples.push(crate::redis::audit::show_key(&batch[i].0));
                    }
                }
            }
        }
        Ok(())
    })
    .await?;
    if existing > 0 && !yes {
        return Err(Error::input(format!(
            "{existing} key(s) of the backup exist in Redis at {} (e.g. {}); refusing to overwrite them",
            r.url(),
            samples.join(", ")
        ))
        .with_hint("pass --yes to replace them (RESTORE ... REPLACE), or restore into another db with --redis-db N"));
    }
    Ok(existing)
}

/// Restores the keys of the backup in `backup_dir` into the server behind `r` (after
/// [`check_target`]: plain `RESTORE`, or `RESTORE ... REPLACE` with `yes`).
pub async fn restore(backup_dir: &Path, part: &RedisPart, r: &mut Redis, yes: bool) -> Result<Restored> {
    let existing = check_target(backup_dir, part, r, yes).await?;
    let path = backup_dir.join(&part.file);
    let mut done = Restored { existing, ..Default::default() };
    batches(&path, async |batch| {
        for (node, idx) in by_node(r, &batch) {
            let mut p = redis::pipe();
            for &i in &idx {
                let (k, pttl, dump) = &batch[i];
                let c = p.cmd("RESTORE").arg(k.as_slice()).arg((*pttl).max(0)).arg(dump.as_slice());
                if yes {
                    c.arg("REPLACE");
                }
            }
            let out = r.pipe_on(node, &p, "RESTORE").await?;
            for (j, &i) in idx.iter().enumerate() {
                if let Some(Value::ServerError(e)) = out.get(j) {
                    let key = crate::redis::audit::show_key(&batch[i].0);
                    return Err(Error::runtime(format!(
                        "Redis at {}: RESTORE {key} failed: {}",
                        r.url(),
                        e.details().unwrap_or(e.code())
                    ))
                    .with_hint("a BUSYKEY error means the key appeared meanwhile: run again with --yes"));
                }
                done.keys += 1;
                if batch[i].1 > 0 {
                    done.with_ttl += 1;
                }
            }
        }
        Ok(())
    })
    .await?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_bytes() {
        let l = line(b"app:s\xff1", 1500, b"\x00\x01dump");
        assert!(!l.contains('\n'));
        assert_eq!(parse_line(&l).unwrap(), (b"app:s\xff1".to_vec(), 1500, b"\x00\x01dump".to_vec()));
        assert!(parse_line("{\"key\": 1}").is_err());
    }

    #[test]
    fn db_numbers_in_urls() {
        assert_eq!(url_with_db("redis://:pw@h:6379/3?protocol=resp3", 7), "redis://:pw@h:6379/7?protocol=resp3");
        assert_eq!(url_with_db("redis://h:6379", 2), "redis://h:6379/2");
        assert_eq!(url_db("redis://h:6379/5"), 5);
        assert_eq!(url_db("redis://h:6379"), 0);
    }
}
