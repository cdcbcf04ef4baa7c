//! "Did you mean …?" for names typed in a scenario: keys, cities, rule sets, option values.
//!
//! The distance counts a swap of two neighbouring characters as one edit (optimal string
//! alignment), since `cuase` and `peroid` are the commonest typos; `ingest::header` uses plain
//! Levenshtein distance for `--map` (both from `strsim`). The limit shrinks for short names:
//! two edits turn any two-character city name into any other (`晋中` into `太原`), and `note`
//! into `date`.

/// Edit distance over characters: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each count one (optimal string alignment, `strsim`).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// Is `d` edits close enough between names whose shorter has `shorter` characters? One edit
/// is, for names of two characters or more; two edits need six characters.
fn close(d: usize, shorter: usize) -> bool {
    match d {
        0 | 1 => shorter >= 2,
        2 => shorter >= 6,
        _ => false,
    }
}

/// The candidate nearest to `name`, if it is close enough to be a likely typo, else one that
/// `name` begins (`lead_time` → `lead_time_hours`, four characters at least). Ties go to the
/// first candidate; case is ignored (`Regions` → `regions`).
pub(crate) fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = name.to_lowercase();
    let len = lower.chars().count();
    let candidates: Vec<&'a str> = candidates.into_iter().filter(|c| *c != name).collect();
    let near = candidates
        .iter()
        .map(|c| (c.to_lowercase(), *c))
        // The distance is at least the difference in length and `close` takes two edits at
        // most: a name far longer than every candidate (a 1 MB cell) is not compared at all.
        .filter(|(lc, _)| lc.chars().count().abs_diff(len) <= 2)
        .map(|(lc, c)| (edit_distance(&lower, &lc), c))
        .filter(|(d, c)| close(*d, len.min(c.chars().count())))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    near.or_else(|| {
        candidates
            .iter()
            .find(|c| lower.chars().count() >= 4 && c.to_lowercase().starts_with(&lower))
            .copied()
    })
}

/// ` (did you mean 'X'?)`, else ` (expected a, b or c)`.
pub(crate) fn hint_or_list(name: &str, candidates: &[&str]) -> String {
    match hint(name, candidates.iter().copied()) {
        h if h.is_empty() => format!(" (expected {})", one_of(candidates)),
        h => h,
    }
}

/// ` (did you mean 'X'?)` or nothing.
pub(crate) fn hint<'a, I>(name: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(name, candidates)
        .map(|c| format!(" (did you mean '{c}'?)"))
        .unwrap_or_default()
}

/// ` (did you mean 'X'?)`, else the cities when few enough to list: for a city name that is
/// not one of the scenario's.
pub(crate) fn city_hint(name: &str, names: &[&str]) -> String {
    match hint(name, names.iter().copied()) {
        h if !h.is_empty() => h,
        _ if names.len() <= 12 => format!(" (not in cities: {})", names.join(", ")),
        _ => " (not in cities)".to_string(),
    }
}

/// `a, b or c` for messages.
pub(crate) fn one_of(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("regoins", "regions"), 1);
        assert_eq!(edit_distance("cuase", "cause"), 1);
        assert_eq!(edit_distance("abc", "ca"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("太圆", "太原"), 1);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn suggestions_are_likely_typos_only() {
        let keys = ["name", "period", "regions", "cities"];
        assert_eq!(did_you_mean("regoins", keys), Some("regions"));
        assert_eq!(did_you_mean("Regions", keys), Some("regions"));
        assert_eq!(did_you_mean("peroid", keys), Some("period"));
        assert_eq!(did_you_mean("zzz", keys), None);
        assert_eq!(did_you_mean("citie", keys), Some("cities"));
        assert_eq!(did_you_mean("note", ["date", "time"]), None);
        assert_eq!(did_you_mean("cuase", ["cause"]), Some("cause"));
        assert_eq!(
            did_you_mean("lead_time", ["lead_time_hours"]),
            Some("lead_time_hours")
        );
        assert_eq!(
            did_you_mean("lead", ["lead_time_hours"]),
            Some("lead_time_hours")
        );
        assert_eq!(did_you_mean("lea", ["lead_time_hours"]), None);
        let cities = ["太原", "晋中", "阳泉"];
        assert_eq!(did_you_mean("太圆", cities), Some("太原"));
        assert_eq!(did_you_mean("太原市", cities), Some("太原"));
        // Two edits apart: any two-character name is, so no suggestion.
        assert_eq!(did_you_mean("大同", cities), None);
        assert_eq!(
            hint("national-2025", ["national-2024", "national-2019"]),
            " (did you mean 'national-2024'?)"
        );
        assert_eq!(hint("x", ["national-2024"]), "");
    }

    /// Found by the fuzz harness (#13): a 1 MB header cell of a forecast or enterprise list
    /// was compared with every column name, a second and more per file.
    #[test]
    fn a_long_name_is_not_compared_with_short_candidates() {
        let long = "\u{e5}".repeat(1_000_000);
        let keys = ["date", "city", "企业名称", "aqi"];
        assert_eq!(did_you_mean(&long, keys), None);
        assert_eq!(did_you_mean("cityy", keys), Some("city"));
    }

    #[test]
    fn lists() {
        assert_eq!(one_of(&["a"]), "a");
        assert_eq!(one_of(&["a", "b", "c"]), "a, b or c");
    }
}
