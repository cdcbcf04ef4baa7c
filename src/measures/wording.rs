//! The wording of measure texts: the spaces YAML folding leaves in Chinese text, and the
//! `{name}` placeholders of order templates.
//!
//! A folded YAML scalar (`>-`) joins its lines with a space, which Chinese text does not use:
//! "…除外）；\n停止…" reads "…除外）； 停止…" (issue #12 item 6: "Text from YAML folding has no
//! stray spaces"). [`normalize`] removes whitespace next to Chinese characters and full-width
//! punctuation and collapses it elsewhere, so English texts keep one space between words.
//!
//! Order texts are templates a city fills with its own place names and time windows
//! (practice.md 5: "Traffic, non-road machinery and dust orders are set per city by its own
//! plan"; "Orders carry time windows (Xi'an: trucks banned 07:00-21:00)"): `{urban_area}`
//! is replaced by the city's value or the catalog's default ([`fill`]).

/// Is `c` written without spaces around it: a CJK character, CJK or full-width punctuation,
/// or a Roman numeral as response levels use (Ⅱ级)?
fn wide(c: char) -> bool {
    matches!(c,
        '\u{2160}'..='\u{217F}'   // Roman numerals (Ⅰ Ⅱ Ⅲ)
        | '\u{2E80}'..='\u{2FDF}' // CJK radicals
        | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation (、。〔〕)
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}' // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}' // full-width forms (（），；：)
    )
}

/// A measure text without the spaces YAML folding leaves: whitespace next to a Chinese
/// character or full-width punctuation is removed, other runs of whitespace become one space
/// (`ban  China 5` → `ban China 5`), and the ends are trimmed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            let before = out.chars().next_back();
            if !before.is_some_and(wide) && !wide(c) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// A placeholder name: lower-case ASCII letters, digits and `_`, starting with a letter.
pub fn is_placeholder_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The placeholders of a template in order of appearance (`{urban_area}` gives
/// `urban_area`), or why the template is malformed: a `{` without its `}`, a `}` without its
/// `{`, or a name that is not a placeholder name.
pub fn placeholders(template: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("'}' without its '{' (placeholders are written {name})".into());
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("'{' without its '}' (placeholders are written {name})".into());
        };
        let name = &after[..close];
        if !is_placeholder_name(name) {
            return Err(format!(
                "'{{{name}}}' is not a placeholder: write {{name}} with lower-case letters, \
                 digits and '_'"
            ));
        }
        out.push(name);
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// The template with each `{name}` replaced by `value(name)` (a name without a value stays
/// as written). Template and values are normalized when they are read, so the result is not
/// normalized again: an English template keeps its space before a Chinese place name. A
/// malformed template (which validation refuses) is returned as it is.
pub fn fill<'a>(template: &str, value: impl Fn(&str) -> Option<&'a str>) -> String {
    if placeholders(template).is_err() {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let name = &after[..close];
        match value(name) {
            Some(v) => out.push_str(v),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_chinese_loses_its_spaces() {
        assert_eq!(
            normalize("除外）； 停止使用国二及以下\n  非道路移动机械"),
            "除外）；停止使用国二及以下非道路移动机械"
        );
        assert_eq!(normalize(" 禁止 国五 及以下 "), "禁止国五及以下");
        assert_eq!(normalize("橙色预警（Ⅱ 级响应）"), "橙色预警（Ⅱ级响应）");
    }

    #[test]
    fn latin_words_keep_one_space() {
        assert_eq!(
            normalize("ban China 5 and older\n  heavy trucks  inside"),
            "ban China 5 and older heavy trucks inside"
        );
        // Between Latin and Chinese no space is kept, as Chinese notices write it.
        assert_eq!(normalize("PM2.5 浓度"), "PM2.5浓度");
        assert_eq!(normalize("07:00-21:00 禁止"), "07:00-21:00禁止");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn placeholders_are_found_and_checked() {
        assert_eq!(
            placeholders("{urban_area}{truck_hours}禁止货车通行"),
            Ok(vec!["urban_area", "truck_hours"])
        );
        assert_eq!(placeholders("无占位符"), Ok(vec![]));
        assert!(
            placeholders("{urban_area禁止")
                .unwrap_err()
                .contains("without its '}'")
        );
        assert!(
            placeholders("禁止}")
                .unwrap_err()
                .contains("without its '{'")
        );
        assert!(
            placeholders("{Urban}")
                .unwrap_err()
                .contains("not a placeholder")
        );
        assert!(
            placeholders("{}")
                .unwrap_err()
                .contains("not a placeholder")
        );
    }

    #[test]
    fn templates_are_filled() {
        let value = |n: &str| match n {
            "urban_area" => Some("高速环内"),
            "truck_hours" => Some("07:00-21:00"),
            _ => None,
        };
        assert_eq!(
            fill("{urban_area}{truck_hours}禁止中重型货车通行", value),
            "高速环内07:00-21:00禁止中重型货车通行"
        );
        assert_eq!(fill("{other}禁行", value), "{other}禁行");
        assert_eq!(fill("{broken", value), "{broken");
        assert_eq!(
            fill("trucks banned {truck_hours} in {urban_area}", value),
            "trucks banned 07:00-21:00 in 高速环内"
        );
    }
}
