//! Finding the header of a list as bureaus write it (practice.md 4): title rows above it, and
//! for the 一厂一策 layout a two-row header whose first row names each warning level over its
//! columns (a merged cell in Excel, one cell and blanks in a CSV export) and whose second row
//! names the measure and the four pollutants under it. Both rows become one name per column
//! (`黄色预警 二氧化硫`), recognised as a level column (`yellow_so2`) however it is spelt.

use std::collections::HashSet;

use crate::alert::WarningLevel;
use crate::table::{ColumnSpec, Report, normalise, split_unit};

/// The levels a list gives measures for, with their spellings (compared without spaces or
/// case, after brackets such as `（Ⅲ级响应）` are dropped).
pub(super) const LEVELS: [(WarningLevel, &str, &[&str]); 3] = [
    (
        WarningLevel::Yellow,
        "yellow",
        &["黄色预警", "黄色", "yellow", "ⅲ级", "ⅲ级响应", "三级"],
    ),
    (
        WarningLevel::Orange,
        "orange",
        &["橙色预警", "橙色", "orange", "ⅱ级", "ⅱ级响应", "二级"],
    ),
    (
        WarningLevel::Red,
        "red",
        &["红色预警", "红色", "red", "ⅰ级", "ⅰ级响应", "一级"],
    ),
];

/// The columns of a level: its measure and the four reductions, with their spellings.
pub(super) const FIELDS: [(&str, &[&str]); 5] = [
    (
        "measure",
        &[
            "减排措施",
            "应急减排措施",
            "管控措施",
            "应急措施",
            "措施",
            "measures",
            "measure",
        ],
    ),
    ("so2", &["二氧化硫", "so2"]),
    ("nox", &["氮氧化物", "nox"]),
    ("pm", &["颗粒物", "pm"]),
    ("vocs", &["挥发性有机物", "vocs", "voc"]),
];

/// `黄色预警（Ⅲ级响应）` -> `黄色预警`: brackets and what is in them go.
fn without_brackets(n: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in n.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The level a cell names on its own (`黄色预警`, `橙色预警（Ⅱ级响应）`, `red`), if it does.
pub(super) fn level_of(cell: &str) -> Option<usize> {
    let n = without_brackets(&normalise(cell));
    let n = n
        .strip_suffix("期间")
        .or_else(|| n.strip_suffix("响应"))
        .unwrap_or(&n);
    LEVELS.iter().position(|(_, _, names)| names.contains(&n))
}

/// The field a name is, after a level: `二氧化硫`, `二氧化硫减排量`, `so2`, `措施`; the unit in
/// brackets, if any, is returned with it.
fn field_of(rest: &str) -> Option<(usize, Option<&str>)> {
    let rest = rest.trim_start_matches(['_', '-', '—', ':', '：', '/']);
    let (base, unit) = match split_unit(rest) {
        Some((b, u)) => (b, Some(u)),
        None => (rest, None),
    };
    let base = ["减排量", "削减量", "减排", "reduction"]
        .iter()
        .find_map(|s| base.strip_suffix(s))
        .unwrap_or(base);
    let base = base.trim_end_matches(['_', '-']);
    FIELDS
        .iter()
        .position(|(_, names)| names.contains(&base))
        .map(|f| (f, unit))
}

/// The level column a header name is, as `yellow_so2` (with its unit in brackets, for the unit
/// check), if it is one.
pub(super) fn level_column(name: &str) -> Option<String> {
    let n = normalise(name);
    for (_, key, names) in &LEVELS {
        for alias in names.iter() {
            if let Some(rest) = n.strip_prefix(alias) {
                // The level's own brackets (`黄色预警（Ⅲ级）二氧化硫`) are not a unit.
                let rest = match rest.strip_prefix(['(', '（']) {
                    Some(r) => r.split_once([')', '）']).map_or(r, |(_, after)| after),
                    None => rest,
                };
                if let Some((f, unit)) = field_of(rest) {
                    let unit = unit.map_or(String::new(), |u| format!("({u})"));
                    return Some(format!("{key}_{}{unit}", FIELDS[f].0));
                }
            }
        }
    }
    None
}

/// Does a header cell name one of the list's columns (`names`: every name of `specs`,
/// normalised) or a level column?
fn is_column(cell: &str, names: &HashSet<String>) -> bool {
    // Most cells of a long row are blank: nothing to normalise or look up.
    if cell.trim().is_empty() {
        return false;
    }
    let n = normalise(cell);
    let base = split_unit(&n).map_or(n.as_str(), |(b, _)| b);
    names.contains(base) || level_column(cell).is_some()
}

/// The header of a list: the index of its first row among the records (rows above it are a
/// title), whether a second row holds the names under the level groups, and for each column
/// the name it is matched by and the name shown in messages.
pub(super) struct Found {
    pub first: usize,
    pub two_rows: bool,
    pub matched: Vec<String>,
    pub shown: Vec<String>,
}

/// Finds the header: the first row naming at least two of the list's columns.
pub(super) fn find(rows: &[Vec<String>], specs: &[ColumnSpec]) -> Option<Found> {
    // Normalised once: a row can have a million cells.
    let names: HashSet<String> = specs
        .iter()
        .flat_map(|s| {
            std::iter::once(s.key.to_string()).chain(s.aliases.iter().map(|a| normalise(a)))
        })
        .collect();
    let first = rows
        .iter()
        // Two column names settle it: the rest of a long row is not looked at.
        .position(|r| r.iter().filter(|c| is_column(c, &names)).take(2).count() >= 2)?;
    let top = &rows[first];
    let two_rows = top.iter().any(|c| level_of(c).is_some()) && rows.len() > first + 1;
    if !two_rows {
        return Some(Found {
            first,
            two_rows,
            matched: top
                .iter()
                .map(|c| level_column(c).unwrap_or_else(|| c.clone()))
                .collect(),
            shown: top.clone(),
        });
    }
    let sub = &rows[first + 1];
    let width = top.len().max(sub.len());
    let cell = |r: &[String], i: usize| r.get(i).cloned().unwrap_or_default();
    let (mut matched, mut shown) = (Vec::new(), Vec::new());
    // The level group a column is under: a merged cell is one value and blanks in a CSV
    // export, so a group goes on over blank cells of the first row.
    let mut group: Option<(usize, String)> = None;
    for i in 0..width {
        let (t, s) = (cell(top, i), cell(sub, i));
        if let Some(l) = level_of(&t) {
            group = Some((l, t.clone()));
        } else if !t.is_empty() {
            group = None;
        }
        match &group {
            Some((l, name)) if !s.is_empty() => {
                let composite = format!("{}{s}", LEVELS[*l].2[0]);
                matched.push(level_column(&composite).unwrap_or(composite));
                shown.push(format!("{name} {s}"));
            }
            // A column merged down over both rows has its name in the first.
            _ if !t.is_empty() => {
                matched.push(level_column(&t).unwrap_or_else(|| t.clone()));
                shown.push(t);
            }
            _ => {
                matched.push(s.clone());
                shown.push(s);
            }
        }
    }
    Some(Found {
        first,
        two_rows,
        matched,
        shown,
    })
}

/// A level's columns come together: its measure and the four reductions.
pub(super) fn levels_complete(cols: &[Option<(usize, String)>], line: u64, r: &mut Report) -> bool {
    let mut ok = true;
    for (l, (_, key, names)) in LEVELS.iter().enumerate() {
        let group = &cols[super::LEVEL0 + 5 * l..super::LEVEL0 + 5 * l + 5];
        if group.iter().all(Option::is_none) || group.iter().all(Option::is_some) {
            continue;
        }
        let missing: Vec<String> = group
            .iter()
            .zip(FIELDS)
            .filter(|(c, _)| c.is_none())
            .map(|(_, (f, zh))| format!("'{key}_{f}' ({}{})", names[0], zh[0]))
            .collect();
        r.push(
            "header",
            line,
            None,
            format!(
                "{key} has some of its columns but not {}: a level gives its measure and the \
                 reduction of each pollutant (write 0 where it reduces nothing)",
                missing.join(", ")
            ),
        );
        ok = false;
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_columns_however_they_are_spelt() {
        for (name, key) in [
            ("黄色预警措施", "yellow_measure"),
            ("黄色预警 减排措施", "yellow_measure"),
            ("yellow_measure", "yellow_measure"),
            ("Orange SO2", "orange_so2"),
            ("橙色预警二氧化硫减排量（吨/日）", "orange_so2(吨/日)"),
            ("红色预警（Ⅰ级响应）颗粒物", "red_pm"),
            ("red_vocs(t/d)", "red_vocs(t/d)"),
            ("Ⅱ级响应 NOx", "orange_nox"),
        ] {
            assert_eq!(level_column(name).as_deref(), Some(key), "{name}");
        }
        assert_eq!(level_column("企业名称"), None);
        assert_eq!(level_column("黄色预警"), None);
        assert_eq!(level_of("橙色预警（Ⅱ级响应）"), Some(1));
        assert_eq!(level_of("红色预警期间"), Some(2));
        assert_eq!(level_of("二氧化硫"), None);
    }

    /// Found by the fuzz harness (#13): every cell of a header row normalised every name of
    /// every column, 25 s for a row of a million blank cells before the names.
    #[test]
    fn a_header_of_a_million_cells_is_found_in_one_pass() {
        let specs = [
            ColumnSpec {
                key: "id",
                aliases: &["企业编号", "编号"],
                required: true,
                unit: crate::table::Unit::None,
            },
            ColumnSpec {
                key: "name",
                aliases: &["企业名称", "名称"],
                required: true,
                unit: crate::table::Unit::None,
            },
        ];
        let mut row = vec![String::new(); 1_000_000];
        row.extend(["企业编号".to_string(), "Name".to_string()]);
        let started = std::time::Instant::now();
        let found = find(&[row], &specs).expect("the header");
        assert_eq!(found.matched.len(), 1_000_002);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }
}
