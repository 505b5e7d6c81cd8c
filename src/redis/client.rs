//! Connecting to Redis, standalone or Cluster, behind a handful of verbs.
//!
//! The server decides which it is: dbctl connects to the configured URL, asks `INFO cluster`,
//! and on `cluster_enabled:1` switches to the `redis` crate's async Cluster client, so one URL
//! of any node is enough. Work is addressed to *nodes*: a standalone server is node 0; in a
//! Cluster each master is a node, keys are routed to the master owning their slot, and scans run
//! on every master (a SCAN on one node sees only that node's keys).

use super::pattern::slot;
use crate::error::{Error, Result};
use crate::redact::{redact_text, url_password, Redacted};
use redis::aio::MultiplexedConnection;
use redis::cluster_async::ClusterConnection;
use redis::cluster_routing::{RoutingInfo, SingleNodeRoutingInfo};
use redis::{AsyncConnectionConfig, Cmd, Pipeline, Value};
use std::time::Duration;

/// How long to wait for a TCP connection and the handshake (AUTH, HELLO).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long one request (a pipeline of up to a few thousand commands) may take.
pub const RESPONSE_TIMEOUT: Duration = Duration::from_secs(30);

/// A master of a Cluster (or the one standalone server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub host: String,
    pub port: u16,
}

impl Node {
    pub fn addr(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

enum Conn {
    Single(MultiplexedConnection),
    Cluster(ClusterConnection),
}

/// An open connection to a standalone server or a Cluster.
pub struct Redis {
    conn: Conn,
    url: Redacted,
    /// The masters (one entry, the server itself, when standalone).
    pub nodes: Vec<Node>,
    /// Slot ranges → index into `nodes` (Cluster only).
    slots: Vec<(u16, u16, usize)>,
}

impl Redis {
    /// Connects to `url`, detecting a Cluster.
    pub async fn connect(url: &Redacted) -> Result<Redis> {
        let client = redis::Client::open(url.expose()).map_err(|e| {
            Error::input(format!("bad Redis URL {url}: {}", scrub(url, &e.to_string())))
                .with_hint("the form is redis://[:password@]host:port[/db]")
        })?;
        let info = client.get_connection_info();
        let host = info.addr().to_string();
        let cfg = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_response_timeout(Some(RESPONSE_TIMEOUT));
        // The crate's own timeout covers TCP and the handshake; the outer one is a backstop so
        // an unresponsive address can never hang the command.
        let mut conn =
            match tokio::time::timeout(CONNECT_TIMEOUT * 2, client.get_multiplexed_async_connection_with_config(&cfg))
                .await
            {
                Ok(Ok(c)) => c,
                Ok(Err(e)) => return Err(connect_error(url, &e)),
                Err(_) => return Err(timeout_error(url)),
            };
        let cluster_info: String = redis::cmd("INFO")
            .arg("cluster")
            .query_async(&mut conn)
            .await
            .map_err(|e| command_error(url, "INFO cluster", &e))?;
        let node = parse_host_port(&host).unwrap_or(Node { host: host.clone(), port: 6379 });
        if !cluster_info.lines().any(|l| l.trim() == "cluster_enabled:1") {
            return Ok(Redis { conn: Conn::Single(conn), url: url.clone(), nodes: vec![node], slots: Vec::new() });
        }
        drop(conn);
        let cluster = redis::cluster::ClusterClientBuilder::new(vec![url.expose()])
            .connection_timeout(CONNECT_TIMEOUT)
            .response_timeout(RESPONSE_TIMEOUT)
            .retries(2)
            .build()
            .map_err(|e| connect_error(url, &e))?;
        let cconn = match tokio::time::timeout(CONNECT_TIMEOUT * 3, cluster.get_async_connection()).await {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => return Err(connect_error(url, &e)),
            Err(_) => return Err(timeout_error(url)),
        };
        let mut r = Redis { conn: Conn::Cluster(cconn), url: url.clone(), nodes: Vec::new(), slots: Vec::new() };
        r.load_slots().await?;
        Ok(r)
    }

    pub fn is_cluster(&self) -> bool {
        matches!(self.conn, Conn::Cluster(_))
    }

    /// The URL, redacted, for messages.
    pub fn url(&self) -> &Redacted {
        &self.url
    }

    async fn load_slots(&mut self) -> Result<()> {
        let v = self
            .route(redis::cmd("CLUSTER").arg("SLOTS").clone(), SingleNodeRoutingInfo::Random, "CLUSTER SLOTS")
            .await?;
        let Value::Array(ranges) = v else {
            return Err(Error::runtime(format!("{}: unexpected CLUSTER SLOTS reply", self.url)));
        };
        for r in ranges {
            let Value::Array(items) = r else { continue };
            let (Some(Value::Int(start)), Some(Value::Int(end)), Some(Value::Array(master))) =
                (items.first(), items.get(1), items.get(2))
            else {
                continue;
            };
            let host = match master.first() {
                Some(Value::BulkString(b)) => String::from_utf8_lossy(b).to_string(),
                Some(Value::SimpleString(s)) => s.clone(),
                _ => continue,
            };
            let Some(Value::Int(port)) = master.get(1) else { continue };
            let node = Node { host, port: *port as u16 };
            let idx = match self.nodes.iter().position(|n| *n == node) {
                Some(i) => i,
                None => {
                    self.nodes.push(node);
                    self.nodes.len() - 1
                }
            };
            self.slots.push((*start as u16, *end as u16, idx));
        }
        if self.nodes.is_empty() {
            return Err(Error::runtime(format!("{}: the Cluster has no slots assigned", self.url))
                .with_hint("finish creating the cluster (redis-cli --cluster create ...) and retry"));
        }
        let covered: u32 = self.slots.iter().map(|(s, e, _)| (*e as u32) - (*s as u32) + 1).sum();
        if covered != 16384 {
            return Err(Error::runtime(format!("{}: the Cluster covers {covered} of 16384 slots", self.url))
                .with_hint("fix the cluster (redis-cli --cluster fix HOST:PORT) and retry"));
        }
        Ok(())
    }

    /// The node owning `key`.
    pub fn node_of(&self, key: &[u8]) -> usize {
        if self.slots.is_empty() {
            return 0;
        }
        let s = slot(key);
        self.slots.iter().find(|(a, b, _)| *a <= s && s <= *b).map(|(_, _, n)| *n).unwrap_or(0)
    }

    /// Runs one command on node `node`.
    pub async fn cmd_on(&mut self, node: usize, cmd: &Cmd, what: &str) -> Result<Value> {
        match &mut self.conn {
            Conn::Single(c) => c.send_packed_command(cmd).await.map_err(|e| command_error(&self.url, what, &e)),
            Conn::Cluster(_) => {
                let n = self.nodes[node].clone();
                self.route(cmd.clone(), SingleNodeRoutingInfo::ByAddress { host: n.host, port: n.port }, what).await
            }
        }
    }

    /// Runs a pipeline on node `node` (in a Cluster every key in it must live on that node).
    pub async fn pipe_on(&mut self, node: usize, pipe: &Pipeline, what: &str) -> Result<Vec<Value>> {
        use redis::aio::ConnectionLike;
        let n = pipe.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        match &mut self.conn {
            Conn::Single(c) => c.req_packed_commands(pipe, 0, n).await.map_err(|e| command_error(&self.url, what, &e)),
            Conn::Cluster(c) => {
                let node = &self.nodes[node];
                let route = SingleNodeRoutingInfo::ByAddress { host: node.host.clone(), port: node.port };
                c.route_pipeline(pipe.clone(), 0, n, route).await.map_err(|e| command_error(&self.url, what, &e))
            }
        }
    }

    async fn route(&mut self, cmd: Cmd, route: SingleNodeRoutingInfo, what: &str) -> Result<Value> {
        match &mut self.conn {
            Conn::Cluster(c) => c
                .route_command(cmd, RoutingInfo::SingleNode(route))
                .await
                .map_err(|e| command_error(&self.url, what, &e)),
            Conn::Single(c) => c.send_packed_command(&cmd).await.map_err(|e| command_error(&self.url, what, &e)),
        }
    }
}

fn parse_host_port(addr: &str) -> Option<Node> {
    let (h, p) = addr.rsplit_once(':')?;
    Some(Node { host: h.trim_matches(|c| c == '[' || c == ']').to_string(), port: p.parse().ok()? })
}

fn scrub(url: &Redacted, text: &str) -> String {
    match url_password(url.expose()) {
        Some(pw) => redact_text(text, &[&pw]),
        None => text.to_string(),
    }
}

fn connect_error(url: &Redacted, e: &redis::RedisError) -> Error {
    let text = scrub(url, &e.to_string());
    let auth = e.kind() == redis::ErrorKind::AuthenticationFailed
        || text.contains("WRONGPASS")
        || text.contains("NOAUTH")
        || text.contains("invalid password");
    let hint = if auth {
        "the server refused the credentials: check the password (and user) in the URL, redis://user:password@host:port"
    } else {
        "check that the server runs and the URL is right (leave the URL empty in dbctl.yaml to use the sandbox)"
    };
    Error::runtime(format!("cannot connect to Redis at {url}: {text}")).with_hint(hint)
}

fn timeout_error(url: &Redacted) -> Error {
    Error::runtime(format!("cannot connect to Redis at {url}: no answer within {}s", CONNECT_TIMEOUT.as_secs()))
        .with_hint("check the host and port, and any firewall in between")
}

fn command_error(url: &Redacted, what: &str, e: &redis::RedisError) -> Error {
    let text = scrub(url, &e.to_string());
    let mut err = Error::runtime(format!("Redis at {url}: {what} failed: {text}"));
    if text.contains("NOAUTH") || text.contains("WRONGPASS") {
        err = err.with_hint("the server needs a password: put it in the URL, redis://:password@host:port");
    } else if text.contains("unknown command") && what.starts_with("CONFIG") {
        err = err.with_hint("the server disables CONFIG (managed services often do); set it in the provider's console");
    }
    err
}

/// Bytes of a bulk/simple string reply.
pub fn bytes(v: &Value) -> Option<&[u8]> {
    match v {
        Value::BulkString(b) => Some(b),
        Value::SimpleString(s) => Some(s.as_bytes()),
        Value::Okay => Some(b"OK"),
        _ => None,
    }
}

/// Text of a string reply.
pub fn text(v: &Value) -> Option<String> {
    bytes(v).map(|b| String::from_utf8_lossy(b).to_string())
}

/// An integer reply.
pub fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        other => text(other)?.parse().ok(),
    }
}
