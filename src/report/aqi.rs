//! Rendering one [`AqiResult`] for people (text) and machines (JSON).

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::aqi::{AqiResult, Period, Slot, SlotSet};

fn period_name(p: Period) -> &'static str {
    match p {
        Period::Hour => "real-time (hourly) report",
        Period::Day => "daily report",
    }
}

fn names(set: SlotSet) -> Vec<&'static str> {
    set.iter().map(Slot::name).collect()
}

/// A readable multi-line summary.
pub fn text(r: &AqiResult) -> String {
    let mut s = String::new();
    match (r.aqi, r.max_iaqi) {
        (Some(aqi), _) => {
            let l = aqi.level();
            let _ = writeln!(
                s,
                "AQI {aqi}  {} {} ({}), {} {}",
                l.name_zh(),
                l.category_zh(),
                l.category_en(),
                l.colour().name_zh,
                l.colour().hex()
            );
        }
        (None, Some(max)) => {
            let _ = writeln!(
                s,
                "AQI NA  (withheld: {} missing and the AQI of the rest, {max}, is not above 100; \
                 HJ 633-2026 5.3.1)",
                names(r.missing).join(", ")
            );
        }
        (None, None) => {
            let _ = writeln!(s, "AQI NA  (no indicator could be scored)");
        }
    }
    let _ = writeln!(
        s,
        "standard {}, {}",
        r.standard.title(),
        period_name(r.period)
    );
    if r.primary.is_empty() {
        let _ = writeln!(s, "primary pollutant: none");
    } else {
        let _ = writeln!(s, "primary pollutant: {}", names(r.primary).join(", "));
    }
    if !r.missing.is_empty() {
        let _ = writeln!(s, "missing: {}", names(r.missing).join(", "));
    }
    if !r.ignored.is_empty() {
        let _ = writeln!(
            s,
            "ignored: {} (not an indicator of the {} {})",
            names(r.ignored).join(", "),
            r.standard.title(),
            period_name(r.period)
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{:<10}{:>16}  {:>5}",
        "indicator", "concentration", "IAQI"
    );
    for slot in Slot::ALL {
        let Some(x) = r.slots[slot as usize] else {
            continue;
        };
        let conc = format!("{} {}", x.concentration, slot.pollutant().unit());
        let iaqi = x.iaqi.map_or("NA".to_string(), |v| v.to_string());
        let mut line = format!("{:<10}{:>16}  {:>5}", slot.name(), conc, iaqi);
        if !x.in_aqi {
            line.push_str("  (reported, not in the AQI)");
        }
        if let Some(n) = x.note {
            let _ = write!(line, "  [{}]", n.describe());
        }
        let _ = writeln!(s, "{}", line.trim_end());
    }
    if let Some(l) = r.level() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}", l.advice_zh());
    }
    s
}

/// One JSON object: `aqi` (integer or null), `level`, `category`, `primary` (list) and `iaqi`
/// (indicator key to integer), plus details.
pub fn json(r: &AqiResult) -> String {
    let level = r.level();
    let mut iaqi = Map::new();
    let mut notes = Map::new();
    for slot in Slot::ALL {
        if let Some(x) = r.slots[slot as usize] {
            if let Some(v) = x.iaqi {
                iaqi.insert(slot.key().into(), json!(v.value()));
            }
            if let Some(n) = x.note {
                notes.insert(slot.key().into(), json!(n.describe()));
            }
        }
    }
    let v = json!({
        "aqi": r.aqi.map(|a| a.value()),
        "level": level.map(|l| l.number()),
        "category": level.map(|l| l.category_zh()),
        "category_en": level.map(|l| l.category_en()),
        "colour": level.map(|l| l.colour().hex()),
        "primary": names(r.primary),
        "iaqi": Value::Object(iaqi),
        "max_iaqi": r.max_iaqi.map(|a| a.value()),
        "missing": names(r.missing),
        "ignored": names(r.ignored),
        "notes": Value::Object(notes),
        "standard": r.standard.id(),
        "period": r.period.id(),
    });
    let mut s = v.to_string();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aqi::{AqiOptions, Readings, Standard, score};

    #[test]
    fn json_has_the_documented_keys() {
        let r = Readings {
            pm25: Some("160".parse().unwrap()),
            ..Readings::default()
        };
        let res = score(
            &r,
            Period::Hour,
            Standard::Hj633_2012,
            &AqiOptions::default(),
        );
        let v: Value = serde_json::from_str(&json(&res)).unwrap();
        assert_eq!(v["aqi"], 210);
        assert_eq!(v["level"], 5);
        assert_eq!(v["category"], "重度污染");
        assert_eq!(v["primary"], json!(["PM2.5"]));
        assert_eq!(v["iaqi"], json!({"pm25": 210}));
        assert!(text(&res).starts_with("AQI 210  五级 重度污染"));
    }
}
