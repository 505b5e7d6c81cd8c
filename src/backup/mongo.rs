//! The MongoDB part of a backup, through the official driver.
//!
//! Per collection (views and `system.*` skipped): `mongo/<collection>.meta.json` holds the
//! `listCollections` options (validator, validationLevel, validationAction, capped, collation…)
//! and the `listIndexes` output minus `_id_`; `mongo/<collection>.jsonl` holds the documents, one
//! canonical Extended JSON document a line (types survive: int32/int64/double/decimal, dates,
//! ObjectIds, binaries), written as the cursor yields them, so memory stays bounded whatever the
//! collection's size.
//!
//! A restore creates each collection with its options, inserts the documents in batches of
//! [`BATCH`] with `bypassDocumentValidation` (the data was valid when it was taken; a validator
//! tightened since must not lose it), then builds the indexes (faster than maintaining them
//! during the inserts).

use super::manifest::{MongoCollection, MongoPart};
use crate::error::{io_error, Error, Result};
use crate::mongo::client::command_error;
use crate::redact::Redacted;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Database;
use serde_json::json;
use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

/// Documents per insert on restore.
pub const BATCH: usize = 1000;

/// The server's version (`buildInfo`).
pub async fn server_version(db: &Database) -> Result<String> {
    let r = db
        .run_command(doc! {"buildInfo": 1})
        .await
        .map_err(|e| command_error("cannot read the server version (buildInfo)", None, &e))?;
    Ok(r.get_str("version").unwrap_or("unknown").to_string())
}

async fn cursor(db: &Database, cmd: Document, what: &str) -> Result<Vec<Document>> {
    let mut c = db.run_cursor_command(cmd).await.map_err(|e| command_error(&format!("cannot {what}"), None, &e))?;
    let mut out = Vec::new();
    while c.advance().await.map_err(|e| command_error(&format!("cannot {what}"), None, &e))? {
        out.push(c.deserialize_current().map_err(|e| command_error(&format!("cannot {what}"), None, &e))?);
    }
    Ok(out)
}

/// The collections to back up: `(name, options)` from `listCollections`, sorted by name.
async fn collections(db: &Database) -> Result<Vec<(String, Document)>> {
    let entries = cursor(db, doc! {"listCollections": 1}, &format!("list the collections of {}", db.name())).await?;
    let mut out: Vec<(String, Document)> = entries
        .into_iter()
        .filter(|e| e.get_str("type").map(|t| t == "collection").unwrap_or(true))
        .filter_map(|e| {
            let name = e.get_str("name").ok()?.to_string();
            if name.starts_with("system.") {
                return None;
            }
            Some((name, e.get_document("options").cloned().unwrap_or_default()))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn write_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| io_error("cannot write", path, e)
}

/// Writes the Mongo part of a backup into `<backup_dir>/mongo/`.
pub async fn dump(backup_dir: &Path, url: &Redacted, database: &str) -> Result<MongoPart> {
    let db = crate::mongo::client::connect(url, database).await?;
    let server_version = server_version(&db).await?;
    let dir = backup_dir.join("mongo");
    super::private_dir(&dir)?;
    let mut out = Vec::new();
    for (name, options) in collections(&db).await? {
        let stem = super::file_stem(&name);
        let meta_rel = format!("mongo/{stem}.meta.json");
        let data_rel = format!("mongo/{stem}.jsonl");
        let indexes: Vec<Document> =
            cursor(&db, doc! {"listIndexes": &name}, &format!("list the indexes of {database}.{name}"))
                .await?
                .into_iter()
                .filter(|i| i.get_str("name").map(|n| n != "_id_").unwrap_or(true))
                .collect();
        let meta = json!({
            "name": name,
            "options": Bson::Document(options).into_canonical_extjson(),
            "indexes": indexes.iter().map(|i| Bson::Document(i.clone()).into_canonical_extjson()).collect::<Vec<_>>(),
        });
        let meta_path = backup_dir.join(&meta_rel);
        let text =
            serde_json::to_vec_pretty(&meta).map_err(|e| Error::runtime(format!("cannot encode {name}: {e}")))?;
        let mut f = super::create_private(&meta_path)?;
        f.write_all(&text).and_then(|_| f.sync_all()).map_err(write_err(&meta_path))?;

        let data_path = backup_dir.join(&data_rel);
        let mut w = BufWriter::with_capacity(1 << 16, super::create_private(&data_path)?);
        let coll = db.collection::<Document>(&name);
        let what = format!("read {database}.{name}");
        let mut c = coll
            .find(doc! {})
            .batch_size(BATCH as u32)
            .await
            .map_err(|e| command_error(&format!("cannot {what}"), None, &e))?;
        let mut documents = 0u64;
        while c.advance().await.map_err(|e| command_error(&format!("cannot {what}"), None, &e))? {
            let d = c.deserialize_current().map_err(|e| command_error(&format!("cannot {what}"), None, &e))?;
            serde_json::to_writer(&mut w, &Bson::Document(d).into_canonical_extjson())
                .map_err(|e| Error::runtime(format!("cannot write {}: {e}", data_path.display())))?;
            w.write_all(b"\n").map_err(write_err(&data_path))?;
            documents += 1;
        }
        let f = w.into_inner().map_err(|e| io_error("cannot write", &data_path, e.into_error()))?;
        f.sync_all().map_err(write_err(&data_path))?;
        out.push(MongoCollection { name, meta: meta_rel, data: data_rel, documents, indexes: indexes.len() });
    }
    Ok(MongoPart { database: database.to_string(), server_version, collections: out })
}

/// The default target: `<database>_restored_<ID>` (the Postgres rule).
pub fn default_target(part: &MongoPart, id: &str) -> String {
    format!("{}_restored_{id}", part.database)
}

/// What a Mongo restore did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Restored {
    pub database: String,
    pub replaced: bool,
    pub collections: usize,
    pub documents: u64,
    pub indexes: usize,
}

fn ext_doc(v: &serde_json::Value, what: &str) -> Result<Document> {
    match Bson::try_from(v.clone()) {
        Ok(Bson::Document(d)) => Ok(d),
        Ok(_) => Err(Error::input(format!("{what}: not a document"))),
        Err(e) => Err(Error::input(format!("{what}: not Extended JSON: {e}"))),
    }
}

/// Checks that `target` is a usable name and empty (or `yes`); returns whether it holds
/// collections (that a restore then drops). Nothing is changed.
pub async fn check_target(url: &Redacted, target: &str, yes: bool) -> Result<bool> {
    if target.is_empty() || target.len() > 63 || target.contains(['/', '\\', '.', ' ', '"', '$', '\0']) {
        return Err(Error::input(format!("{target:?} is not a usable MongoDB database name"))
            .with_hint("at most 63 bytes, without / \\ . space \" $; pass another with --mongo-database NAME"));
    }
    let db = crate::mongo::client::connect(url, target).await?;
    let existing = collections(&db).await?;
    if !existing.is_empty() && !yes {
        return Err(Error::input(format!(
            "MongoDB database {target:?} exists and is not empty ({} collection(s)); refusing to restore over it",
            existing.len()
        ))
        .with_hint("pass --yes to replace it (it is dropped first), or --mongo-database NEW_NAME"));
    }
    Ok(!existing.is_empty())
}

/// Restores the Mongo part of the backup in `backup_dir` into database `target` at `url`.
pub async fn restore(backup_dir: &Path, part: &MongoPart, url: &Redacted, target: &str, yes: bool) -> Result<Restored> {
    let replaced = check_target(url, target, yes).await?;
    let db = crate::mongo::client::connect(url, target).await?;
    if replaced {
        db.drop().await.map_err(|e| command_error(&format!("cannot drop {target}"), None, &e))?;
    }
    let mut documents = 0u64;
    let mut index_count = 0usize;
    for c in &part.collections {
        let meta_path = backup_dir.join(&c.meta);
        let text = std::fs::read(&meta_path).map_err(|e| io_error("cannot read", &meta_path, e))?;
        let meta: serde_json::Value = serde_json::from_slice(&text)
            .map_err(|e| Error::input(format!("{}: not JSON: {e}", meta_path.display())))?;
        let label = meta_path.display().to_string();
        let options = ext_doc(&meta["options"], &format!("{label}: options"))?;
        let mut create = doc! {"create": &c.name};
        for (k, v) in options {
            // A collection UUID belongs to the original; the server assigns a new one.
            if k != "uuid" {
                create.insert(k, v);
            }
        }
        db.run_command(create)
            .await
            .map_err(|e| command_error(&format!("cannot create collection {target}.{}", c.name), None, &e))?;

        let coll = db.collection::<Document>(&c.name);
        let data_path = backup_dir.join(&c.data);
        let f = std::fs::File::open(&data_path).map_err(|e| io_error("cannot read", &data_path, e))?;
        let mut reader = std::io::BufReader::with_capacity(1 << 16, f);
        let mut batch = Vec::with_capacity(BATCH);
        let mut line = String::new();
        let mut n = 0usize;
        loop {
            line.clear();
            let read = reader.read_line(&mut line).map_err(|e| io_error("cannot read", &data_path, e))?;
            if read > 0 && !line.trim().is_empty() {
                n += 1;
                let v: serde_json::Value = serde_json::from_str(&line)
                    .map_err(|e| Error::input(format!("{}:{n}: not JSON: {e}", data_path.display())))?;
                batch.push(ext_doc(&v, &format!("{}:{n}", data_path.display()))?);
            }
            if (read == 0 && !batch.is_empty()) || batch.len() >= BATCH {
                let docs = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                let len = docs.len() as u64;
                coll.insert_many(docs).bypass_document_validation(true).ordered(true).await.map_err(|e| {
                    command_error(&format!("cannot insert into {target}.{} (before line {n})", c.name), None, &e)
                })?;
                documents += len;
            }
            if read == 0 {
                break;
            }
        }

        let mut indexes = Vec::new();
        for (i, v) in meta["indexes"].as_array().into_iter().flatten().enumerate() {
            let mut ix = ext_doc(v, &format!("{label}: index {i}"))?;
            // `ns` is refused by newer servers; `v` is the server's choice.
            ix.remove("ns");
            ix.remove("v");
            indexes.push(ix);
        }
        if !indexes.is_empty() {
            index_count += indexes.len();
            db.run_command(doc! {"createIndexes": &c.name, "indexes": indexes})
                .await
                .map_err(|e| command_error(&format!("cannot create the indexes of {target}.{}", c.name), None, &e))?;
        }
    }
    Ok(Restored {
        database: target.to_string(),
        replaced,
        collections: part.collections.len(),
        documents,
        indexes: index_count,
    })
}
