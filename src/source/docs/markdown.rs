//! The Markdown walk: a document becomes a flat list of [`Block`]s (headings, fenced code,
//! tables, list items, paragraphs), each with the 1-based line it starts on.
//!
//! pulldown-cmark does the parsing (CommonMark plus GFM tables); this module only flattens its
//! events and turns source offsets into lines. Inline markup the style readers care about is
//! kept in a light Markdown form (`` `code` ``, `**strong**`) so a list item such as
//! ``- `organizations` - Issuer organizations`` can still be told apart from plain prose.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        line: u32,
    },
    /// A fenced or indented code block; `line` is the line of its first content line.
    Code {
        lang: String,
        text: String,
        line: u32,
    },
    /// A table; the first row is the header. Cells hold plain text (code spans unwrapped).
    Table {
        rows: Vec<(Vec<String>, u32)>,
    },
    /// A list item's own text (nested lists are items of their own).
    Item {
        text: String,
        line: u32,
    },
    Paragraph {
        text: String,
        line: u32,
    },
}

/// Byte offsets to 1-based lines.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(i + 1).unwrap_or(u32::MAX)
    }
}

enum Open {
    Heading(u8, String, u32),
    Code(String, String, u32),
    Item(String, u32),
    Paragraph(String, u32),
    Table(Vec<(Vec<String>, u32)>, Vec<String>, String, u32),
}

/// Walks `text` into blocks, in document order. Never fails: any input is some Markdown.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines = Lines::new(text);
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let line = lines.line(range.start);
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => stack.push(Open::Heading(level as u8, String::new(), line)),
                Tag::CodeBlock(kind) => {
                    // A fence's content starts on the line after it; an indented block on its own line.
                    let (lang, first) = match kind {
                        CodeBlockKind::Fenced(info) => {
                            (info.split_whitespace().next().unwrap_or("").to_ascii_lowercase(), line + 1)
                        }
                        CodeBlockKind::Indented => (String::new(), line),
                    };
                    stack.push(Open::Code(lang, String::new(), first));
                }
                Tag::Item => {
                    // The item's own text ends where a nested block list starts.
                    stack.push(Open::Item(String::new(), line));
                }
                // Inside a list item a paragraph is part of the item's text.
                Tag::Paragraph if !matches!(stack.last(), Some(Open::Item(..))) => {
                    stack.push(Open::Paragraph(String::new(), line));
                }
                Tag::Table(_) => stack.push(Open::Table(Vec::new(), Vec::new(), String::new(), line)),
                Tag::TableHead | Tag::TableRow => {
                    if let Some(Open::Table(_, cells, cell, l)) = stack.last_mut() {
                        cells.clear();
                        cell.clear();
                        *l = line;
                    }
                }
                Tag::TableCell => {
                    if let Some(Open::Table(_, _, cell, _)) = stack.last_mut() {
                        cell.clear();
                    }
                }
                Tag::Strong => push_text(&mut stack, "**"),
                Tag::List(_) => {
                    // A nested list closes the parent item's text: emit it now.
                    if let Some(Open::Item(t, l)) = stack.last_mut() {
                        if !t.trim().is_empty() {
                            out.push(Block::Item { text: t.trim().to_string(), line: *l });
                        }
                        t.clear();
                    }
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Heading(_) => {
                    if let Some(Open::Heading(level, t, l)) = pop_if(&mut stack, |o| matches!(o, Open::Heading(..))) {
                        out.push(Block::Heading { level, text: t.trim().to_string(), line: l });
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some(Open::Code(lang, t, l)) = pop_if(&mut stack, |o| matches!(o, Open::Code(..))) {
                        out.push(Block::Code { lang, text: t, line: l });
                    }
                }
                TagEnd::Item => {
                    if let Some(Open::Item(t, l)) = pop_if(&mut stack, |o| matches!(o, Open::Item(..))) {
                        if !t.trim().is_empty() {
                            out.push(Block::Item { text: t.trim().to_string(), line: l });
                        }
                    }
                }
                TagEnd::Paragraph => {
                    if let Some(Open::Paragraph(..)) = stack.last() {
                        if let Some(Open::Paragraph(t, l)) = stack.pop() {
                            out.push(Block::Paragraph { text: t.trim().to_string(), line: l });
                        }
                    } else if let Some(Open::Item(t, _)) = stack.last_mut() {
                        t.push(' ');
                    }
                }
                TagEnd::TableCell => {
                    if let Some(Open::Table(_, cells, cell, _)) = stack.last_mut() {
                        cells.push(cell.trim().to_string());
                        cell.clear();
                    }
                }
                TagEnd::TableHead | TagEnd::TableRow => {
                    if let Some(Open::Table(rows, cells, _, l)) = stack.last_mut() {
                        rows.push((std::mem::take(cells), *l));
                    }
                }
                TagEnd::Table => {
                    if let Some(Open::Table(rows, ..)) = pop_if(&mut stack, |o| matches!(o, Open::Table(..))) {
                        out.push(Block::Table { rows });
                    }
                }
                TagEnd::Strong => push_text(&mut stack, "**"),
                _ => {}
            },
            Event::Text(t) => push_text(&mut stack, &t),
            Event::Code(t) => {
                if matches!(stack.last(), Some(Open::Table(..))) {
                    push_text(&mut stack, &t);
                } else {
                    push_text(&mut stack, &format!("`{t}`"));
                }
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut stack, "\n"),
            _ => {}
        }
    }
    // A half-written document can leave blocks open (an unclosed fence runs to the end).
    while let Some(open) = stack.pop() {
        match open {
            Open::Code(lang, text, line) => out.push(Block::Code { lang, text, line }),
            Open::Heading(level, text, line) => out.push(Block::Heading { level, text, line }),
            _ => {}
        }
    }
    out
}

fn pop_if(stack: &mut Vec<Open>, f: impl Fn(&Open) -> bool) -> Option<Open> {
    if stack.last().is_some_and(f) {
        stack.pop()
    } else {
        None
    }
}

fn push_text(stack: &mut [Open], t: &str) {
    match stack.last_mut() {
        Some(Open::Heading(_, s, _))
        | Some(Open::Code(_, s, _))
        | Some(Open::Item(s, _))
        | Some(Open::Paragraph(s, _)) => s.push_str(t),
        Some(Open::Table(_, _, cell, _)) => cell.push_str(t),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_carry_their_lines() {
        let doc = "# Title\n\nSome text.\n\n```sql\nCREATE TABLE a (id int);\n```\n\n- `orgs` - Orgs\n- **users**: Users\n\n| Column | Type |\n| --- | --- |\n| id | UUID |\n";
        let b = blocks(doc);
        assert_eq!(b[0], Block::Heading { level: 1, text: "Title".into(), line: 1 });
        assert_eq!(b[1], Block::Paragraph { text: "Some text.".into(), line: 3 });
        assert_eq!(b[2], Block::Code { lang: "sql".into(), text: "CREATE TABLE a (id int);\n".into(), line: 6 });
        assert_eq!(b[3], Block::Item { text: "`orgs` - Orgs".into(), line: 9 });
        assert_eq!(b[4], Block::Item { text: "**users**: Users".into(), line: 10 });
        let Block::Table { rows } = &b[5] else { panic!("table expected: {b:?}") };
        assert_eq!(rows[0], (vec!["Column".to_string(), "Type".to_string()], 12));
        assert_eq!(rows[1], (vec!["id".to_string(), "UUID".to_string()], 14));
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let b = blocks("## x\n```sql\nCREATE TABLE t (\n");
        assert!(matches!(&b[1], Block::Code { line: 3, .. }), "{b:?}");
    }
}
