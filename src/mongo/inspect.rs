//! Reading a live database into the canonical model: `listCollections`, then `listIndexes` per
//! collection, both as raw documents so nothing the driver does not model is lost; the
//! interpretation is [`super::normalize`]'s.

use super::client::command_error;
use super::model::MongoDatabase;
use super::normalize::collection_from_server;
use crate::error::{Error, Result};
use mongodb::bson::{doc, Document};
use mongodb::Database;
use std::collections::BTreeMap;

/// The collections, validators and indexes of `db` as they are now.
pub async fn inspect(db: &Database) -> Result<MongoDatabase> {
    let entries = cursor(db, doc! {"listCollections": 1}, "list collections").await?;
    let mut collections = BTreeMap::new();
    for entry in entries {
        let Ok(name) = entry.get_str("name") else { continue };
        if name.starts_with("system.") || entry.get_str("type").is_ok_and(|t| t == "view") {
            continue;
        }
        let indexes = cursor(db, doc! {"listIndexes": name}, &format!("list indexes of {}.{name}", db.name())).await?;
        let coll = collection_from_server(&entry, &indexes)
            .map_err(|e| Error::runtime(format!("cannot read {}.{name}: {e}", db.name())))?;
        if let Some(c) = coll {
            collections.insert(c.name.clone(), c);
        }
    }
    Ok(MongoDatabase { name: db.name().to_string(), collections })
}

async fn cursor(db: &Database, cmd: Document, what: &str) -> Result<Vec<Document>> {
    let mut c = db.run_cursor_command(cmd).await.map_err(|e| command_error(&format!("cannot {what}"), None, &e))?;
    let mut out = Vec::new();
    while c.advance().await.map_err(|e| command_error(&format!("cannot {what}"), None, &e))? {
        out.push(c.deserialize_current().map_err(|e| command_error(&format!("cannot {what}"), None, &e))?);
    }
    Ok(out)
}
