//! The drift report and its three renderings: `text` for people, `json` for scripts (the
//! contract's stable shape), `junit` for CI dashboards (one test case per object).

use crate::diff::{Finding, Severity};
use console::Style;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt::Write as _;

/// Result of one `dbctl drift` run.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DriftReport {
    /// The actual side: `live` or `migrations`.
    pub from: String,
    /// The expected side: `migrations` or `docs`.
    pub against: String,
    /// Sorted findings.
    pub findings: Vec<Finding>,
    /// Documented, accepted deviations (reported, never counted as drift).
    #[serde(default)]
    pub deviations: Vec<serde_json::Value>,
}

/// Counts by severity; computed from the findings, never stored, so it cannot disagree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
}

/// The JSON shape: the report's fields plus `summary`.
#[derive(Serialize)]
struct Json<'a> {
    from: &'a str,
    against: &'a str,
    findings: &'a [Finding],
    deviations: &'a [serde_json::Value],
    summary: Summary,
}

impl Serialize for DriftReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Json {
            from: &self.from,
            against: &self.against,
            findings: &self.findings,
            deviations: &self.deviations,
            summary: self.summary(),
        }
        .serialize(s)
    }
}

impl DriftReport {
    /// A report over `findings`, which it sorts (renderers rely on grouping by object).
    pub fn new(from: impl Into<String>, against: impl Into<String>, mut findings: Vec<Finding>) -> Self {
        findings.sort();
        DriftReport { from: from.into(), against: against.into(), findings, deviations: Vec::new() }
    }

    /// Error and warning counts.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for f in &self.findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
            }
        }
        s
    }

    /// Whether the run should exit 3 (warnings alone do not).
    pub fn has_errors(&self) -> bool {
        self.summary().errors > 0
    }

    /// Findings grouped by (database, object), in order.
    fn groups(&self) -> Vec<(String, Vec<&Finding>)> {
        let mut out: Vec<(String, Vec<&Finding>)> = Vec::new();
        for f in &self.findings {
            let label = match &f.database {
                Some(db) => format!("[{db}] {}", f.object),
                None => f.object.clone(),
            };
            match out.last_mut() {
                Some((l, v)) if *l == label => v.push(f),
                _ => out.push((label, vec![f])),
            }
        }
        out
    }

    /// Human-readable report: findings grouped by object, then a summary line.
    /// `color` forces ANSI styling on or off (the caller decides from TTY/`--no-color`).
    pub fn render_text(&self, color: bool) -> String {
        let object = Style::new().bold().force_styling(color);
        let error = Style::new().red().bold().force_styling(color);
        let warning = Style::new().yellow().bold().force_styling(color);
        let dim = Style::new().dim().force_styling(color);
        let mut out = String::new();
        for (label, findings) in self.groups() {
            let _ = writeln!(out, "{}", object.apply_to(label));
            for f in findings {
                let sev = match f.severity {
                    Severity::Error => error.apply_to("error  "),
                    Severity::Warning => warning.apply_to("warning"),
                };
                let _ = writeln!(out, "  {sev} {}", f.kind);
                let none = || dim.apply_to("(none)").to_string();
                let _ = writeln!(out, "      expected: {}", f.expected.clone().unwrap_or_else(none));
                let _ = writeln!(out, "      actual:   {}", f.actual.clone().unwrap_or_else(none));
                if let Some(file) = &f.file {
                    match f.line {
                        Some(line) => {
                            let _ = writeln!(out, "      at {file}:{line}");
                        }
                        None => {
                            let _ = writeln!(out, "      at {file}");
                        }
                    }
                }
            }
        }
        if !self.findings.is_empty() {
            out.push('\n');
        }
        let s = self.summary();
        let mut line = if self.findings.is_empty() {
            "no drift".to_string()
        } else {
            format!(
                "drift: {} {}, {} {}",
                s.errors,
                plural(s.errors, "error", "errors"),
                s.warnings,
                plural(s.warnings, "warning", "warnings")
            )
        };
        let _ = write!(line, " ({} vs {})", self.from, self.against);
        if !self.deviations.is_empty() {
            let n = self.deviations.len();
            let _ = write!(line, "; {n} documented {}", plural(n, "deviation", "deviations"));
        }
        let styled = match (s.errors, s.warnings) {
            (0, 0) => line,
            (0, _) => warning.apply_to(line).to_string(),
            _ => error.apply_to(line).to_string(),
        };
        out.push_str(&styled);
        out.push('\n');
        out
    }

    /// The contract's JSON document:
    /// `{"from","against","findings":[...],"deviations":[...],"summary":{"errors","warnings"}}`.
    pub fn render_json(&self) -> String {
        // Cannot fail: every map key is a string and every value serialisable.
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
    }

    /// JUnit XML: one test case per object; a case fails when any of its findings is an
    /// error, and carries warnings in `<system-out>`. A clean run is one passing case, so CI
    /// shows that the check ran.
    pub fn render_junit(&self) -> String {
        let s = self.summary();
        let groups = self.groups();
        let failures = groups.iter().filter(|(_, fs)| fs.iter().any(|f| f.severity == Severity::Error)).count();
        let tests = groups.len().max(1);
        let suite = format!("drift {} vs {}", self.from, self.against);
        let mut x = String::new();
        x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(x, "<testsuites name=\"dbctl drift\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">");
        let _ = writeln!(
            x,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            esc(&suite)
        );
        if groups.is_empty() {
            let _ = writeln!(x, "    <testcase classname=\"dbctl.drift\" name=\"schema\"/>");
        }
        for (label, findings) in &groups {
            let _ = writeln!(x, "    <testcase classname=\"dbctl.drift\" name=\"{}\">", esc(label));
            let errors: Vec<&&Finding> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
            let warnings: Vec<&&Finding> = findings.iter().filter(|f| f.severity == Severity::Warning).collect();
            if let Some(first) = errors.first() {
                let kinds: Vec<&str> = errors.iter().map(|f| f.kind.as_str()).collect();
                let body: Vec<String> = errors.iter().map(|f| finding_line(f)).collect();
                let _ = writeln!(
                    x,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    esc(first.kind.as_str()),
                    esc(&kinds.join(", ")),
                    esc(&body.join("\n"))
                );
            }
            if !warnings.is_empty() {
                let body: Vec<String> = warnings.iter().map(|f| finding_line(f)).collect();
                let _ = writeln!(x, "      <system-out>{}</system-out>", esc(&body.join("\n")));
            }
            x.push_str("    </testcase>\n");
        }
        x.push_str("  </testsuite>\n</testsuites>\n");
        debug_assert_eq!(s.errors == 0, failures == 0);
        x
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `error column_type: expected numeric(12,2), actual numeric(10,2)`.
fn finding_line(f: &Finding) -> String {
    let mut s = format!(
        "{} {}: expected {}, actual {}",
        f.severity,
        f.kind,
        f.expected.as_deref().unwrap_or("(none)"),
        f.actual.as_deref().unwrap_or("(none)")
    );
    if let Some(file) = &f.file {
        let _ = write!(s, " ({file}");
        if let Some(line) = f.line {
            let _ = write!(s, ":{line}");
        }
        s.push(')');
    }
    s
}

/// Escapes text for XML content and attribute values, and drops characters XML 1.0 forbids
/// (control characters other than tab, newline and carriage return), which would otherwise
/// make the whole file unparseable. Newlines in attributes become `&#10;` so they survive.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::FindingKind;

    fn sample() -> DriftReport {
        DriftReport::new(
            "live",
            "migrations",
            vec![
                Finding::new(
                    FindingKind::ColumnType,
                    "public.deals.price",
                    Some("numeric(12,2)".into()),
                    Some("numeric(10,2)".into()),
                ),
                Finding::new(
                    FindingKind::ConstraintDefinition,
                    "public.deals.deals_check",
                    Some("CHECK ((a < b) AND (c <> 'x&y\"z'))".into()),
                    Some("CHECK ((a > b))\u{1}".into()),
                ),
                Finding::new(FindingKind::Comment, "public.deals", Some("<b>deals</b>".into()), None),
                Finding::new(FindingKind::MissingTable, "public.users", Some("table".into()), None),
            ],
        )
    }

    #[test]
    fn json_has_documented_keys() {
        let v: serde_json::Value = serde_json::from_str(&sample().render_json()).unwrap_or_default();
        let obj = v.as_object().cloned().unwrap_or_default();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["against", "deviations", "findings", "from", "summary"]);
        assert_eq!(v["from"], "live");
        assert_eq!(v["against"], "migrations");
        assert_eq!(v["summary"]["errors"], 3);
        assert_eq!(v["summary"]["warnings"], 1);
        assert_eq!(v["deviations"], serde_json::json!([]));
        let f = &v["findings"][0];
        assert_eq!(f["kind"], "comment");
        assert_eq!(f["object"], "public.deals");
        assert_eq!(f["severity"], "warning");
        assert_eq!(f["actual"], serde_json::Value::Null);
        assert!(f.get("file").is_none() && f.get("line").is_none());
        // The report reads back (summary is derived, so it is ignored on input).
        let back: DriftReport =
            serde_json::from_str(&sample().render_json()).unwrap_or_else(|_| DriftReport::new("", "", vec![]));
        assert_eq!(back, sample());
    }

    #[test]
    fn text_groups_by_object_and_summarises() {
        let t = sample().render_text(false);
        assert!(!t.contains('\u{1b}'), "no colour when not asked");
        let deals = t.find("public.deals\n").unwrap_or(usize::MAX);
        let price = t.find("public.deals.price\n").unwrap_or(usize::MAX);
        assert!(deals < price);
        assert!(t.contains("  error   column_type\n      expected: numeric(12,2)\n      actual:   numeric(10,2)\n"));
        assert!(t.ends_with("drift: 3 errors, 1 warning (live vs migrations)\n"));
        assert!(sample().render_text(true).contains('\u{1b}'));
        let clean = DriftReport::new("live", "docs", vec![]).render_text(true);
        assert_eq!(clean, "no drift (live vs docs)\n");
    }

    #[test]
    fn escaping() {
        assert_eq!(esc("<a & 'b' \"c\">"), "&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;");
        assert_eq!(esc("a\u{0}b\u{1b}c\nd"), "abc&#10;d");
    }

    #[test]
    fn junit_is_well_formed() {
        let x = sample().render_junit();
        assert_eq!(check_xml(&x), Ok(()), "{x}");
        assert!(x.contains("tests=\"4\" failures=\"3\""));
        assert_eq!(x.matches("<testcase ").count(), 4);
        assert!(x.contains("<system-out>warning comment"));
        let clean = DriftReport::new("live", "docs", vec![]).render_junit();
        assert_eq!(check_xml(&clean), Ok(()), "{clean}");
        assert!(clean.contains("failures=\"0\""));
    }

    /// A tiny well-formedness check: balanced, properly nested tags; quoted attributes;
    /// no raw `<` or `&` outside markup or entities; no forbidden control characters.
    fn check_xml(x: &str) -> Result<(), String> {
        let body = x.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").ok_or("missing XML declaration")?;
        let mut stack: Vec<String> = Vec::new();
        let mut rest = body;
        let mut roots = 0;
        while let Some(lt) = rest.find('<') {
            check_text(&rest[..lt])?;
            let gt = rest[lt..].find('>').ok_or("unclosed tag")? + lt;
            let tag = &rest[lt + 1..gt];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().ok_or("close without open")?;
                if open != name {
                    return Err(format!("</{name}> closes <{open}>"));
                }
            } else {
                let self_closing = tag.ends_with('/');
                let tag = tag.trim_end_matches('/');
                let name = tag.split_whitespace().next().ok_or("empty tag")?;
                check_attrs(&tag[name.len()..])?;
                if stack.is_empty() {
                    roots += 1;
                }
                if !self_closing {
                    stack.push(name.to_string());
                }
            }
            rest = &rest[gt + 1..];
        }
        check_text(rest)?;
        match (stack.is_empty(), roots) {
            (true, 1) => Ok(()),
            _ => Err(format!("unbalanced: open {stack:?}, roots {roots}")),
        }
    }

    fn check_attrs(mut a: &str) -> Result<(), String> {
        loop {
            a = a.trim_start();
            if a.is_empty() {
                return Ok(());
            }
            let eq = a.find("=\"").ok_or(format!("bad attribute in {a:?}"))?;
            let close = a[eq + 2..].find('"').ok_or("unterminated attribute")? + eq + 2;
            check_text(&a[eq + 2..close])?;
            a = &a[close + 1..];
        }
    }

    fn check_text(t: &str) -> Result<(), String> {
        if t.contains('<') {
            return Err(format!("raw < in {t:?}"));
        }
        if t.chars().any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) {
            return Err(format!("control character in {t:?}"));
        }
        let mut rest = t;
        while let Some(amp) = rest.find('&') {
            let semi = rest[amp..].find(';').ok_or("bare &")? + amp;
            let ent = &rest[amp + 1..semi];
            let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                || ent.strip_prefix('#').is_some_and(|n| n.parse::<u32>().is_ok());
            if !ok {
                return Err(format!("bad entity &{ent};"));
            }
            rest = &rest[semi + 1..];
        }
        Ok(())
    }
}
