//! Secrets as a type: a connection URL whose `Display` never shows the password.
//!
//! Every URL that can reach output goes through [`Redacted`]; the raw string is only handed to
//! drivers. [`redact_text`] scrubs passwords out of free text (driver and child-process messages).

use std::fmt;

/// A connection URL. `Display` and `Debug` print `scheme://user:***@host/...`.
#[derive(Clone, PartialEq, Eq)]
pub struct Redacted(String);

impl Redacted {
    pub fn new(url: impl Into<String>) -> Self {
        Redacted(url.into())
    }
    /// The real URL, for drivers only.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url(&self.0))
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redacted({})", redact_url(&self.0))
    }
}

/// `postgres://user:secret@host/db?password=x` → `postgres://user:***@host/db?password=***`.
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..].find(['/', '?', '#']).map(|i| rest_start + i).unwrap_or(out.len());
        // The last '@' in the authority separates userinfo from host (passwords may contain '@').
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let at = rest_start + at;
            if let Some(colon) = out[rest_start..at].find(':') {
                let colon = rest_start + colon;
                out.replace_range(colon + 1..at, "***");
            }
        }
    }
    redact_query_password(&out)
}

fn redact_query_password(url: &str) -> String {
    let Some(q) = url.find('?') else { return url.to_string() };
    let (head, query) = url.split_at(q + 1);
    let parts: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{head}{}", parts.join("&"))
}

/// Removes every occurrence of the given secrets (and of URLs' passwords) from a text.
pub fn redact_text(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 3) {
        out = out.replace(s, "***");
    }
    out
}

/// The password part of a URL, if any, so it can be scrubbed from messages.
pub fn url_password(url: &str) -> Option<String> {
    let rest = &url[url.find("://")? + 3..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let userinfo = &authority[..authority.rfind('@')?];
    let (_, pw) = userinfo.split_once(':')?;
    Some(pw.to_string()).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_password_in_userinfo() {
        assert_eq!(redact_url("postgres://app:s3cr%40t@db:5432/x"), "postgres://app:***@db:5432/x");
        assert_eq!(redact_url("postgres://a:p@ss@h/x"), "postgres://a:***@h/x");
    }

    #[test]
    fn leaves_urls_without_password() {
        assert_eq!(redact_url("postgres://app@db/x"), "postgres://app@db/x");
        assert_eq!(redact_url("redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
    }

    #[test]
    fn hides_password_query_parameter() {
        assert_eq!(
            redact_url("postgres://h/x?sslmode=require&password=zz"),
            "postgres://h/x?sslmode=require&password=***"
        );
    }

    #[test]
    fn extracts_password() {
        assert_eq!(url_password("postgres://a:p@ss@h/x").as_deref(), Some("p@ss"));
        assert_eq!(url_password("postgres://a@h/x"), None);
        assert_eq!(redact_text("failed for p@ss here", &["p@ss"]), "failed for *** here");
    }
}
