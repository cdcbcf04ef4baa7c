//! Turns a serde-saphyr error into a [`Problem`] a duty officer can act on: the line and
//! column, the key path (`regions[0].trigger`), and a message in the scenario's own terms
//! (`unknown key 'regoins' (did you mean 'regions'?)` rather than serde's "unknown field …,
//! expected one of …").
//!
//! serde-saphyr knows where an error is but not which key it is under, so the file is read a
//! second time into a [`Node`] tree that records the location and path of every key and value;
//! the error's location is then looked up in it. Only done when there is an error.
//!
//! `serde_path_to_error` around serde-saphyr's deserializer was weighed (#16) and not taken:
//! it gives the path of the first error only, while the messages also need the value as
//! written (`found '1.5e400'`, not the parser's rounding), the kind of node found, the
//! enclosing mapping of a missing key and every unknown key at once, which the tree gives. It
//! would add a dependency without removing the second reading.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Error as YamlError, MessageFormatter, Spanned, UserMessageFormatter};

use super::raw::RESERVED_KEYS;
use crate::diag::problem::Problem;
use crate::diag::suggest::{did_you_mean, one_of};

/// A YAML node with locations, for finding the key path of an error.
#[derive(Debug)]
enum Node {
    Map(Vec<(Spanned<Key>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar(String),
}

/// A mapping key as text (`None` for a complex key, which no scenario key is).
#[derive(Debug)]
struct Key(Option<String>);

macro_rules! scalar_visits {
    ($wrap:expr) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok($wrap(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok($wrap(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok($wrap(v.to_string()))
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
            Ok($wrap(v.to_string()))
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
            Ok($wrap(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok($wrap(v.to_string()))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok($wrap(v.to_string()))
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
            Ok($wrap(String::from_utf8_lossy(v).into_owned()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($wrap(String::new()))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($wrap(String::new()))
        }
    };
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            scalar_visits!(|s| Key(Some(s)));
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Key, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Key(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Key, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Key(None))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            scalar_visits!(Node::Scalar);
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key()? {
                    out.push((k, m.next_value()?));
                }
                Ok(Node::Map(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(x) = s.next_element()? {
                    out.push(x);
                }
                Ok(Node::Seq(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// What a located node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Key,
    Map,
    Seq,
    Scalar,
}

/// One key or value of the document, flattened.
#[derive(Debug)]
struct Entry {
    at: (u64, u64),
    path: String,
    depth: usize,
    kind: Kind,
    /// The enclosing mapping of a key.
    parent: Option<usize>,
    /// A scalar's text, for quoting it.
    text: Option<String>,
}

fn flatten(node: &Spanned<Node>, path: String, depth: usize, out: &mut Vec<Entry>) {
    let at = (node.referenced.line(), node.referenced.column());
    let me = out.len();
    let (kind, text) = match &node.value {
        Node::Map(_) => (Kind::Map, None),
        Node::Seq(_) => (Kind::Seq, None),
        Node::Scalar(s) => (Kind::Scalar, Some(s.clone())),
    };
    out.push(Entry {
        at,
        path: path.clone(),
        depth,
        kind,
        parent: None,
        text,
    });
    match &node.value {
        Node::Map(entries) => {
            for (k, v) in entries {
                let name = k.value.0.as_deref().unwrap_or("?");
                let child = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                out.push(Entry {
                    at: (k.referenced.line(), k.referenced.column()),
                    path: child.clone(),
                    depth: depth + 1,
                    kind: Kind::Key,
                    parent: Some(me),
                    text: k.value.0.clone(),
                });
                flatten(v, child, depth + 1, out);
            }
        }
        Node::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, format!("{path}[{i}]"), depth + 1, out);
            }
        }
        Node::Scalar(_) => {}
    }
}

/// The nodes of a document that parses as YAML (any shape), or nothing.
fn entries(yaml: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    // Duplicate keys are allowed here (the last one stays) so that the path of a duplicate
    // key error can be found.
    let opts =
        serde_saphyr::options! { duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins };
    // A plain scalar the parser takes as no value at all (`1.5e400`, a float beyond f64) would
    // leave no tree, and the error about it no key path: it is read as text of the same
    // length in its place (columns stay), and quoted as written below.
    let mut text = std::borrow::Cow::Borrowed(yaml);
    let mut replaced = Vec::new();
    for _ in 0..=MAX_UNREADABLE_SCALARS {
        match serde_saphyr::from_str_with_options::<Spanned<Node>>(&text, opts.clone()) {
            Ok(root) => {
                flatten(&root, String::new(), 0, &mut out);
                break;
            }
            Err(e) => {
                let Some(at) = e.location().map(|l| (l.line(), l.column())) else {
                    break;
                };
                let Some(raw) = raw_scalar(&text, at).filter(|r| r.is_ascii()) else {
                    break;
                };
                if replaced.contains(&at) {
                    break;
                }
                let start = raw.as_ptr() as usize - text.as_ptr() as usize;
                let range = start..start + raw.len();
                let filler = "x".repeat(range.len());
                text.to_mut().replace_range(range, &filler);
                replaced.push(at);
            }
        }
    }
    // A number is quoted as written: one too large for an integer comes back from the parser
    // as a float (99999999999999999999 as 100000000000000000000), which a message must not
    // show as the value given.
    for e in out.iter_mut().filter(|e| e.kind == Kind::Scalar) {
        if let Some(t) = &e.text
            && (t.parse::<f64>().is_ok() || replaced.contains(&e.at))
            && let Some(raw) = raw_scalar(yaml, e.at)
        {
            e.text = Some(raw.to_string());
        }
    }
    out
}

/// How many unreadable scalars [`entries`] reads as text before giving up on the tree.
const MAX_UNREADABLE_SCALARS: usize = 16;

/// The plain scalar written at `(line, column)` (1-based), up to the flow delimiters.
fn raw_scalar(yaml: &str, (line, column): (u64, u64)) -> Option<&str> {
    let text = yaml
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let start = text
        .char_indices()
        .nth(usize::try_from(column).ok()?.checked_sub(1)?)?
        .0;
    let rest = &text[start..];
    let end = rest.find([',', '}', ']', '#']).unwrap_or(rest.len());
    let raw = rest[..end].trim();
    (!raw.is_empty() && !raw.starts_with(['"', '\''])).then_some(raw)
}

/// Which node kinds an error can be about, from what it says it found.
fn wanted(e: &YamlError) -> &'static [Kind] {
    match e {
        YamlError::SerdeInvalidType { unexpected, .. } if unexpected == "map" => &[Kind::Map],
        YamlError::SerdeInvalidType { unexpected, .. } if unexpected == "sequence" => &[Kind::Seq],
        YamlError::SerdeInvalidType { .. } => &[Kind::Scalar],
        YamlError::Unexpected { expected, .. } if expected.contains("mapping") => {
            &[Kind::Seq, Kind::Scalar]
        }
        YamlError::Unexpected { expected, .. } if expected.contains("sequence") => {
            &[Kind::Map, Kind::Scalar]
        }
        YamlError::Unexpected { .. } => &[Kind::Map, Kind::Seq],
        _ => &[Kind::Map, Kind::Seq, Kind::Scalar],
    }
}

/// The value node an error at `at` is about: of a kind the error allows, the outermost at
/// that exact place (a block mapping starts where its first key does); else the last value
/// that starts before it.
fn value_at<'a>(nodes: &'a [Entry], at: (u64, u64), kinds: &[Kind]) -> Option<&'a Entry> {
    nodes
        .iter()
        .filter(|n| n.at == at && kinds.contains(&n.kind))
        .min_by_key(|n| n.depth)
        .or_else(|| {
            nodes
                .iter()
                .filter(|n| n.kind != Kind::Key && n.at <= at)
                .max_by_key(|n| n.at)
        })
}

fn key_at(nodes: &[Entry], at: (u64, u64)) -> Option<&Entry> {
    nodes.iter().find(|n| n.kind == Kind::Key && n.at == at)
}

/// How a serde or saphyr type name reads to a user.
fn type_words(ty: &str) -> String {
    match ty {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
            let max = match ty {
                "u8" => u64::from(u8::MAX),
                "u16" => u64::from(u16::MAX),
                "u32" => u64::from(u32::MAX),
                _ => u64::MAX,
            };
            format!("a whole number from 0 to {max}")
        }
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number".into(),
        "f32" | "f64" | "floating point" => "a number".into(),
        "bool" | "boolean" => "true or false".into(),
        "string scalar" | "a string" | "string" => "text".into(),
        "mapping start" | "mapping" => "a mapping (key: value)".into(),
        "sequence start" | "sequence" | "a sequence" => "a list".into(),
        other if other.starts_with("struct ") => "a mapping (key: value)".into(),
        other => other.to_string(),
    }
}

/// What a node is, for "found …".
fn found(node: Option<&Entry>) -> String {
    match node {
        Some(Entry {
            kind: Kind::Map, ..
        }) => "a mapping".into(),
        Some(Entry {
            kind: Kind::Seq, ..
        }) => "a list".into(),
        Some(Entry { text: Some(t), .. }) if t.is_empty() => "no value".into(),
        Some(Entry { text: Some(t), .. }) => format!("'{t}'"),
        _ => "something else".into(),
    }
}

/// serde's "found" phrase (``integer `3` ``, `map`) in the scenario's words.
fn serde_found(unexpected: &str, node: Option<&Entry>) -> String {
    match unexpected {
        "map" => "a mapping".into(),
        "sequence" => "a list".into(),
        "unit value" | "null" => "no value".into(),
        _ => match node {
            Some(n) if n.kind == Kind::Scalar => found(Some(n)),
            _ => unexpected.replace('`', "'"),
        },
    }
}

/// The message and key path of an error, and where to report it when that is not where
/// serde-saphyr says (`Some(None)`: nowhere in particular).
type Described = (String, Option<String>, Option<Option<(u64, u64)>>);

fn describe(e: &YamlError, at: Option<(u64, u64)>, nodes: &[Entry]) -> Described {
    let value = |kinds: &[Kind]| at.and_then(|a| value_at(nodes, a, kinds));
    let path_of = |n: Option<&Entry>| n.map(|n| n.path.clone());
    match e {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => {
            let key = at.and_then(|a| key_at(nodes, a));
            let path = key.map(|k| k.path.clone());
            let note = if RESERVED_KEYS.contains(&field.as_str()) {
                " (it comes with a later version of hazeplan)".to_string()
            } else if let Some(s) = did_you_mean(field, expected.iter().copied()) {
                format!(" (did you mean '{s}'?)")
            } else {
                format!(" (expected {})", one_of(expected))
            };
            (format!("unknown key '{field}'{note}"), path, None)
        }
        YamlError::SerdeMissingField { field, .. } => {
            // The location is the mapping's last key (or the mapping when empty): report the
            // mapping itself.
            let map = at.and_then(|a| {
                key_at(nodes, a)
                    .and_then(|k| k.parent.map(|p| &nodes[p]))
                    .or_else(|| value_at(nodes, a, &[Kind::Map]))
            });
            let map_at = map.map(|m| Some(m.at));
            (format!("missing key '{field}'"), path_of(map), map_at)
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            let node = value(wanted(e));
            let msg = format!(
                "expected {}, found {}",
                type_words(expected),
                serde_found(unexpected, node)
            );
            (msg, path_of(node), None)
        }
        YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => {
            let node = value(wanted(e));
            let msg = format!(
                "expected {}, found {}",
                type_words(expected),
                serde_found(unexpected, node)
            );
            (msg, path_of(node), None)
        }
        YamlError::Unexpected { expected, .. } => {
            let node = value(wanted(e));
            let msg = format!("expected {}, found {}", type_words(expected), found(node));
            (msg, path_of(node), None)
        }
        YamlError::InvalidScalar { ty, .. } => {
            let node = value(&[Kind::Scalar]);
            // The range only matters for a number that is out of it.
            let integer = node
                .and_then(|n| n.text.as_deref())
                .is_some_and(|t| t.trim().parse::<i128>().is_ok());
            let words = match type_words(ty) {
                w if w.starts_with("a whole number") && !integer => "a whole number".into(),
                w => w,
            };
            let msg = format!("expected {words}, found {}", found(node));
            (msg, path_of(node), None)
        }
        YamlError::InvalidBooleanStrict { .. } => {
            let node = value(&[Kind::Scalar]);
            let msg = format!("expected true or false, found {}", found(node));
            (msg, path_of(node), None)
        }
        YamlError::NullIntoString { .. } => {
            let node = value(&[Kind::Scalar]);
            ("expected text, found no value".into(), path_of(node), None)
        }
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let node = value(&[Kind::Scalar]);
            let note = match did_you_mean(variant, expected.iter().copied()) {
                Some(s) => format!("did you mean '{s}'?"),
                None => format!("expected {}", one_of(expected)),
            };
            (
                format!("unknown value '{variant}' ({note})"),
                path_of(node),
                None,
            )
        }
        YamlError::DuplicateMappingKey { key, .. } => {
            let k = at.and_then(|a| key_at(nodes, a));
            let msg = match key {
                Some(k) => format!("duplicate key '{k}'"),
                None => "duplicate key".into(),
            };
            (msg, path_of(k), None)
        }
        YamlError::MultipleDocuments { .. } => (
            "more than one YAML document ('---'): a scenario is one document".into(),
            None,
            None,
        ),
        YamlError::Eof { .. } => ("the scenario is empty".into(), None, Some(None)),
        // Syntax errors and the rest: saphyr's own user-facing wording, without its
        // "at line …" suffix (the location is already in front).
        other => {
            let text = UserMessageFormatter.format_message(other);
            // Messages could quote control characters from the input.
            let clean: String = text.chars().filter(|c| !c.is_control()).collect();
            // A value the parser refused (`1.5e400`) still has its key path.
            let scalar =
                at.and_then(|a| nodes.iter().find(|n| n.at == a && n.kind == Kind::Scalar));
            (format!("invalid YAML: {clean}"), path_of(scalar), None)
        }
    }
}

/// The problem a YAML error is, in `file` (the scenario as named by the user).
pub(crate) fn problem(err: &YamlError, yaml: &str, file: &Path) -> Problem {
    let mut e = err.without_snippet();
    // An error through an alias (`*a`) is reported where the alias is used.
    let mut at = e.location();
    while let YamlError::AliasError {
        error, locations, ..
    } = e
    {
        at = locations.primary_location().or(at);
        e = error.without_snippet();
    }
    let at = at.filter(|l| l.line() > 0);
    let nodes = entries(yaml);
    let at = at.map(|l| (l.line(), l.column()));
    let (message, context, moved) = describe(e, at, &nodes);
    let at = moved.unwrap_or(at);
    Problem {
        file: file.to_path_buf(),
        line: at.map(|l| l.0),
        column: at.map(|l| l.1),
        context,
        message,
    }
}

/// `regions[0].trigger` -> `regions[].trigger`.
pub(super) fn pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// Every unknown key of the document at once (serde stops at the first), each with a
/// suggestion or the reserved-key note.
pub(crate) fn unknown_keys(yaml: &str, file: &Path) -> Vec<Problem> {
    let nodes = entries(yaml);
    let mut out = Vec::new();
    for n in nodes.iter().filter(|n| n.kind == Kind::Key) {
        let Some(name) = n.text.as_deref() else {
            continue;
        };
        let parent = n.parent.map_or("", |p| nodes[p].path.as_str());
        let Some(allowed) = super::keys::allowed_keys(&pattern(parent)) else {
            continue;
        };
        if allowed.contains(&name) {
            continue;
        }
        let note = if parent.is_empty() && RESERVED_KEYS.contains(&name) {
            " (it comes with a later version of hazeplan)".to_string()
        } else if let Some(s) = did_you_mean(name, allowed.iter().copied()) {
            format!(" (did you mean '{s}'?)")
        } else {
            format!(" (expected {})", one_of(allowed))
        };
        out.push(Problem {
            file: file.to_path_buf(),
            line: Some(n.at.0),
            column: Some(n.at.1),
            context: Some(n.path.clone()),
            message: format!("unknown key '{name}'{note}"),
        });
    }
    out
}
