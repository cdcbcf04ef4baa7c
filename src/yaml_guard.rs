//! A guard run on every YAML text a user gives (scenario, measure catalog, `--rules FILE`)
//! before serde-saphyr reads it: flow collections nested deeper than [`MAX_NESTING`]; and the
//! thread with a stack of its own that reads it ([`on_big_stack`]).
//!
//! Why: serde-saphyr bounds block nesting (its budget's `max_depth`, 64), but copies a complex
//! mapping key (`{[[[…]]]: 1}`) recursively without that bound, so a few thousand brackets
//! overflow the stack and abort the process (found by `tests/fuzz.rs`: an abort is worse than
//! a panic, no message at all). No scenario nests more than a few levels.

/// The deepest flow nesting accepted, as serde-saphyr's default block nesting limit.
pub(crate) const MAX_NESTING: usize = 64;

/// The stack of the thread that reads a YAML text. serde-saphyr, the raw structs and the
/// key-path tree of the messages recurse once per nesting level, and a debug build spends
/// about 50 KB a level: 40 levels overflowed the 2 MiB of a spawned thread (a test thread, or
/// a library user's worker) and aborted the process (found by `tests/fuzz.rs`). The nesting
/// accepted (64 block levels, as serde-saphyr's budget, with 64 flow levels inside) needs a
/// few MiB; the stack is only reserved, not used, until a text is that deep.
const YAML_STACK: usize = 64 << 20;

/// Runs `f` (a YAML reading) on a thread with [`YAML_STACK`] of stack, whatever stack the
/// calling thread has; on the calling thread if no thread can be started.
pub(crate) fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(f));
    let take = || slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    let spawned = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("hazeplan-yaml".into())
            .stack_size(YAML_STACK)
            .spawn_scoped(scope, || take().map(|f| f()));
        match handle {
            Ok(h) => match h.join() {
                Ok(out) => out,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => None,
        }
    });
    match spawned {
        Some(out) => out,
        None => take().expect("the reading runs once")(),
    }
}

/// The line and column (1-based, in characters) of the first `[` or `{` that opens a flow
/// collection deeper than [`MAX_NESTING`], if any.
///
/// A bracket opens a collection where a YAML node can start: at the start of a line, after
/// `: `, `- `, `? `, `,` or another opening bracket. One inside a quoted string, a comment or
/// a plain scalar (`name: a[1]`) does not.
pub(crate) fn too_deep(text: &str) -> Option<(u64, u64)> {
    let (mut line, mut column) = (1u64, 0u64);
    let mut depth = 0usize;
    // The last structural character on this line outside strings and scalars.
    let mut prev: Option<char> = None;
    let mut quote: Option<char> = None;
    let (mut comment, mut plain) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            (line, column) = (line + 1, 0);
            (comment, plain, prev) = (false, false, None);
            continue;
        }
        if comment {
            continue;
        }
        let spaced = matches!(chars.peek(), None | Some(' ' | '\t' | '\r' | '\n'));
        if let Some(q) = quote {
            match c {
                '\\' if q == '"' && chars.next_if(|&n| n != '\n').is_some() => column += 1,
                _ if c == q => {
                    quote = None;
                    prev = Some(c);
                }
                _ => {}
            }
            continue;
        }
        if plain {
            // A plain scalar ends at `: `, ` #`, and inside a flow collection at `,`, `]`, `}`.
            match c {
                ':' if spaced => {
                    (plain, prev) = (false, Some(':'));
                    continue;
                }
                '#' if prev == Some(' ') => {
                    comment = true;
                    continue;
                }
                ',' | ']' | '}' if depth > 0 => plain = false,
                _ => {
                    prev = Some(if c == ' ' { ' ' } else { 'x' });
                    continue;
                }
            }
        }
        let at_node = matches!(prev, None | Some(',' | '[' | '{' | ':' | '-' | '?'));
        match c {
            ' ' | '\t' | '\r' => continue,
            '#' => comment = true,
            '"' | '\'' if at_node => quote = Some(c),
            '[' | '{' if at_node => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' => {}
            '-' | '?' | ':' if spaced => {}
            _ => plain = true,
        }
        prev = Some(c);
    }
    None
}

/// The message of a text nested too deep.
pub(crate) fn message() -> String {
    format!("flow collections ([…], {{…}}) nested deeper than {MAX_NESTING} levels")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_found_where_it_passes_the_limit() {
        let ok = format!("a: {}1{}\n", "[".repeat(64), "]".repeat(64));
        assert_eq!(too_deep(&ok), None);
        let deep = format!("a: 1\nb: {{{}: 1}}\n", "[".repeat(5000));
        assert_eq!(too_deep(&deep), Some((2, 4 + 64)));
        // A mapping key of a block mapping.
        assert_eq!(too_deep(&format!("? {}\n", "{".repeat(65))), Some((1, 67)));
    }

    #[test]
    fn brackets_in_strings_comments_and_plain_scalars_do_not_count() {
        let text = format!(
            "a: \"{0}\"\nb: '{0}'\nc: x{0}\n# {0}\nd: [1, \"]\\\"\", 2]\n",
            "[".repeat(100)
        );
        assert_eq!(too_deep(&text), None);
        // Many values each with an unclosed bracket in a plain scalar.
        let many: String = (0..200).map(|i| format!("k{i}: a[{i}\n")).collect();
        assert_eq!(too_deep(&many), None);
    }

    /// The deepest texts the guard and serde-saphyr let through are read on a thread with
    /// the 2 MiB stack of a spawned thread, in a debug build too.
    #[test]
    fn the_deepest_accepted_nesting_fits_any_thread() {
        let n = MAX_NESTING;
        let flow = |open: &str, close: &str| format!("{}1{}", open.repeat(n), close.repeat(n));
        let block_maps = (0..n)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect::<String>();
        let texts = [
            format!("title: {}\n", flow("[", "]")),
            format!("x: {{{}: 1}}\n", flow("[", "]")),
            format!("? {}\n: 1\n", flow("{", "}")),
            format!("{block_maps}{}v: 1\n", " ".repeat(n)),
            format!("{block_maps}{}v: {}\n", " ".repeat(n), flow("[", "]")),
            (0..n)
                .map(|i| format!("{}-\n", " ".repeat(i)))
                .collect::<String>()
                + "1\n",
        ];
        for text in texts {
            let read = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || {
                    let at = std::path::Path::new("scenarios/deep.yaml");
                    crate::scenario::load_str(&text, at).is_err()
                        && crate::measures::Catalog::from_yaml(&text).is_err()
                })
                .unwrap()
                .join();
            assert_eq!(read.ok(), Some(true));
        }
    }
}
