//! A guard run on every YAML text a user gives (scenario, measure catalog, `--rules FILE`)
//! before serde-saphyr reads it: flow collections nested deeper than [`MAX_NESTING`].
//!
//! Why: serde-saphyr bounds block nesting (its budget's `max_depth`, 64), but copies a complex
//! mapping key (`{[[[…]]]: 1}`) recursively without that bound, so a few thousand brackets
//! overflow the stack and abort the process (found by `tests/fuzz.rs`: an abort is worse than
//! a panic, no message at all). No scenario nests more than a few levels.

/// The deepest flow nesting accepted, as serde-saphyr's default block nesting limit.
pub(crate) const MAX_NESTING: usize = 64;

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
}
