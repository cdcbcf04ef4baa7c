//! The shape of the library: no module imports from a module that imports it back.
//!
//! The check reads `src/` as text: every `crate::…` and `super::…` path (with `use` groups
//! `{a, b::c}` expanded) names the module it reaches, taken to two levels (`alert`,
//! `alert::classify`). Two top-level modules must not reach each other, nor two modules inside
//! one top-level module. Test code is left out (`#[cfg(test)] mod tests { … }` blocks and the
//! `tests` modules): a test may read a stage through a higher module's writer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// The module a file defines: `src/alert/classify.rs` is `alert::classify`, `src/alert/mod.rs`
/// is `alert`.
fn module_of(rel: &Path) -> Module {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code without comments, string contents and test modules.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    in_str = false;
                    out.push('"');
                }
                _ => {}
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                in_str = true;
                out.push('"');
            }
            // A char literal such as '"' must not open a string.
            '\'' => {
                out.push('\'');
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("\"'") {
                    chars.next();
                    chars.next();
                    out.push('\'');
                } else if rest.starts_with("\\\"'") {
                    chars.next();
                    chars.next();
                    chars.next();
                    out.push('\'');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn ident_at(s: &[u8], mut i: usize) -> (String, usize) {
    let start = i;
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_') {
        i += 1;
    }
    (String::from_utf8_lossy(&s[start..i]).into_owned(), i)
}

/// Every path that starts at `i` (just after `crate::` or `super::`), expanding groups.
fn paths_at(s: &[u8], mut i: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix;
    loop {
        if s.get(i) == Some(&b'{') {
            // A group: each item is a path from here.
            i += 1;
            loop {
                while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b',') {
                    i += 1;
                }
                if i >= s.len() || s[i] == b'}' {
                    return i + 1;
                }
                i = paths_at(s, i, path.clone(), out);
                // Skip `as x` and anything else up to the next item.
                while i < s.len() && s[i] != b',' && s[i] != b'}' {
                    if s[i] == b'{' {
                        i = paths_at(s, i, path.clone(), out);
                    } else {
                        i += 1;
                    }
                }
            }
        }
        let (id, j) = ident_at(s, i);
        if id.is_empty() {
            out.push(path);
            return i;
        }
        path.push(id);
        i = j;
        if s.get(i..i + 2) == Some(b"::") {
            i += 2;
        } else {
            out.push(path);
            return i;
        }
    }
}

/// The modules a file's code reaches (at most two levels deep, `self` dropped).
fn reached(module: &Module, code: &str) -> BTreeSet<Module> {
    let s = code.as_bytes();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let boundary = i == 0 || !(s[i - 1].is_ascii_alphanumeric() || s[i - 1] == b'_');
        if boundary && s[i..].starts_with(b"crate::") {
            i = paths_at(s, i + 7, Vec::new(), &mut paths);
        } else if boundary && s[i..].starts_with(b"super::") {
            let mut base = module.clone();
            base.pop();
            let mut j = i + 7;
            while s[j..].starts_with(b"super::") {
                base.pop();
                j += 7;
            }
            i = paths_at(s, j, base, &mut paths);
        } else {
            i += 1;
        }
    }
    paths
        .into_iter()
        .map(|mut p| {
            p.retain(|x| x != "self");
            // The crate root's re-exports are their modules.
            if let Some(first) = p.first_mut() {
                match first.as_str() {
                    "Error" => *first = "error".into(),
                    "Plan" | "PlanOptions" => *first = "plan".into(),
                    _ => {}
                }
            }
            p.truncate(2);
            p
        })
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&root).unwrap();
        let module = module_of(rel);
        if module.is_empty()
            || module
                .iter()
                .any(|m| m == "tests" || m.starts_with("tests_"))
        {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(path).unwrap();
        for target in reached(&module, &code(&text)) {
            let from: Module = module.iter().take(2).cloned().collect();
            // Compare at the first level where the two differ: two top-level modules, or two
            // modules inside the same one.
            let (a, b) = if from.first() != target.first() {
                (from[..1].to_vec(), target[..1].to_vec())
            } else if from.len() > 1 && target.len() > 1 && from[1] != target[1] {
                (from, target)
            } else {
                continue;
            };
            edges.entry(a).or_default().insert(b);
        }
    }
    assert!(files > 100, "read only {files} files of src/");
    let mut circles = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            if a < b && edges.get(b).is_some_and(|t| t.contains(a)) {
                circles.push(format!("{} <-> {}", a.join("::"), b.join("::")));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
    // The check sees the layering it is meant to guard.
    let reaches = |a: &str, b: &str| {
        edges
            .get(&vec![a.to_string()])
            .is_some_and(|t| t.contains(&vec![b.to_string()]))
    };
    assert!(reaches("scenario", "alert") && reaches("report", "plot"));
}

#[test]
fn paths_and_groups_are_read() {
    let m: Module = vec!["report".into(), "plan_md".into()];
    let text = "use super::words::{kind_name, pct};\nuse crate::{alert::{City, Grid}, measures};\n\
                let x = crate::Error::Usage(s); // crate::scenario::Scenario\n\
                let y = \"crate::plot\";\n";
    let want: BTreeSet<Module> = [
        vec!["report", "words"],
        vec!["alert", "City"],
        vec!["alert", "Grid"],
        vec!["measures"],
        vec!["error", "Usage"],
    ]
    .into_iter()
    .map(|p| p.into_iter().map(String::from).collect())
    .collect();
    assert_eq!(reached(&m, &code(text)), want);
}
