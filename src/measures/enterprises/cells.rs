//! The cells of an enterprise row that have a syntax of their own: grades, processes with
//! their per-pollutant shares, production lines, loads, seasonal controls and their days.

use chrono::NaiveDate;

use super::super::model::{Grade, Process};
use crate::diag::suggest::{hint, one_of};
use crate::emissions::{EmissionPollutant, PerPollutant, Share};
use crate::measures::seasonal::{Seasonal, SeasonalControl, SeasonalSource};
use crate::table::is_blank;

/// How processes are written, for messages.
const PROCESS_EXAMPLE: &str =
    "write processes as 烧结:0.35;球团:0.15, or per pollutant 烧结:so2=0.6/nox=0.4/pm=0.3/vocs=0.1";

fn grade_labels() -> [&'static str; 8] {
    Grade::ALL.map(Grade::label)
}

/// A performance grade, or a message listing the grades.
pub(super) fn parse_grade(text: &str) -> Result<Grade, String> {
    if let Some(g) = Grade::parse(text) {
        return Ok(g);
    }
    if matches!(text, "保障类" | "豁免") {
        return Err(format!(
            "'{text}' is not a performance grade: write the enterprise's grade here and mark it \
             protected instead (Y in column 'protected', '{text}' in 'protected_reason')"
        ));
    }
    let labels = grade_labels();
    // Every one-letter grade is one edit from every other: suggest only for longer names
    // (`非引领` for `非引领性`), list the grades otherwise.
    let near = if text.chars().count() >= 3 {
        hint(text, labels)
    } else {
        String::new()
    };
    Err(match near {
        h if h.is_empty() => format!("unknown grade '{text}' (expected {})", one_of(&labels)),
        h => format!("unknown grade '{text}'{h}"),
    })
}

/// `烧结:0.35;球团:0.15` (also `：`, `；`, and shares as `35%`), or per pollutant
/// `烧结:so2=0.6/nox=0.4/pm=0.3/vocs=0.1` (a pollutant left out: 0): names unique, the shares of
/// each pollutant adding up to at most 100 % of the enterprise's emissions of it.
pub(super) fn parse_processes(text: &str) -> Result<Vec<Process>, String> {
    let mut out: Vec<Process> = Vec::new();
    let mut total = PerPollutant([0u64; 4]);
    for item in text.split([';', '；']).map(str::trim) {
        if item.is_empty() {
            continue;
        }
        let Some((name, share)) = item.split_once([':', '：']) else {
            return Err(format!("'{item}' is not name:share ({PROCESS_EXAMPLE})"));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("'{item}' has no process name ({PROCESS_EXAMPLE})"));
        }
        let share = process_share(share).map_err(|m| format!("process '{name}': {m}"))?;
        if out.iter().any(|p| p.name == name) {
            return Err(format!("process '{name}' is listed twice"));
        }
        for (p, s) in share.iter() {
            total[p] += u64::from(s.ppm());
        }
        out.push(Process {
            name: name.to_string(),
            share,
        });
    }
    if let Some((p, t)) = total
        .iter()
        .find(|(_, t)| **t > u64::from(Share::ALL.ppm()))
    {
        let sum =
            u32::try_from(*t).map_or("far more than 100 %".to_string(), |t| Share(t).to_string());
        // Shares given alike for every pollutant exceed alike: no pollutant to name.
        let of = if total.0.iter().all(|x| x == t) {
            String::new()
        } else {
            format!(" of {}", p.name())
        };
        return Err(format!(
            "the process shares{of} add up to {sum}: they are shares of the enterprise's \
             emissions, at most 100 % together"
        ));
    }
    if out.is_empty() {
        return Err(format!("no processes in '{text}' ({PROCESS_EXAMPLE})"));
    }
    Ok(out)
}

/// One process's share: one for every pollutant, or `so2=…/nox=…/pm=…/vocs=…` (`,` too,
/// which a CSV file must then quote).
fn process_share(text: &str) -> Result<PerPollutant<Share>, String> {
    if !text.contains('=') {
        return crate::emissions::cells::share(text).map(|s| PerPollutant([s; 4]));
    }
    let mut out = PerPollutant([Share(0); 4]);
    let mut seen = Vec::new();
    for pair in text
        .split(['/', ',', '，'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!(
                "'{pair}' is not pollutant=share ({PROCESS_EXAMPLE})"
            ));
        };
        let key = key.trim().to_ascii_lowercase();
        let Some(p) = EmissionPollutant::ALL.into_iter().find(|p| p.key() == key) else {
            return Err(format!("'{key}' is not a pollutant (so2, nox, pm, vocs)"));
        };
        if seen.contains(&p) {
            return Err(format!("{} is given twice", p.name()));
        }
        seen.push(p);
        out[p] = crate::emissions::cells::share(value).map_err(|m| format!("{}: {m}", p.name()))?;
    }
    Ok(out)
}

/// A protected enterprise's approved maximum load (核定最大负荷): a share above 0.
pub(super) fn parse_load(text: &str) -> Result<Share, String> {
    match crate::emissions::cells::share(text)? {
        Share(0) => Err(
            "a maximum load of 0 is a stop: give the load the enterprise may run at \
                         (80%), or leave it empty for its normal load"
                .into(),
        ),
        s => Ok(s),
    }
}

/// A positive whole number of production lines or units.
pub(super) fn parse_units(text: &str) -> Result<u32, String> {
    let bad = || format!("'{text}' is not a whole number of production lines or units");
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    match text.parse::<u32>() {
        Ok(0) => Err("0 production lines or units: give at least 1, or leave it empty".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "'{text}' production lines or units is implausibly many"
        )),
    }
}

/// The seasonal control of a row from its three cells (control, first day, last day): all
/// blank is none; otherwise all three, the dates in order. The error names the cell (0, 1, 2).
pub(super) fn parse_seasonal(texts: [&str; 3]) -> Result<Option<Seasonal>, (usize, String)> {
    if texts.iter().all(|t| is_blank(t)) {
        return Ok(None);
    }
    const WHAT: [&str; 3] = [
        "the control (停产, 限产30%)",
        "its first day",
        "its last day",
    ];
    if let Some(i) = texts.iter().position(|t| is_blank(t)) {
        return Err((
            i,
            format!(
                "a seasonal control (错峰) needs {}: give the control, its first and its last \
                 day, or leave all three empty",
                WHAT[i]
            ),
        ));
    }
    let control = SeasonalControl::parse(texts[0]).map_err(|m| (0, m))?;
    let start = parse_day(texts[1]).map_err(|m| (1, m))?;
    let end = parse_day(texts[2]).map_err(|m| (2, m))?;
    if end < start {
        return Err((
            2,
            format!("the seasonal control ends on {end}, before it starts on {start}"),
        ));
    }
    Ok(Some(Seasonal {
        control,
        start,
        end,
        source: SeasonalSource::List,
    }))
}

/// A day as lists write it: `2026-11-15`, `2026/11/15`, `2026.11.15`, `2026年11月15日`, or a
/// workbook date (`2026-11-15 00:00`).
pub(crate) fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let t = t
        .strip_suffix(" 00:00:00")
        .or(t.strip_suffix(" 00:00"))
        .unwrap_or(t);
    let norm: String = t
        .replace(['/', '.', '年', '月'], "-")
        .trim_end_matches('日')
        .to_string();
    NaiveDate::parse_from_str(&norm, "%Y-%m-%d")
        .map_err(|_| format!("'{t}' is not a date (such as 2026-11-15)"))
}
