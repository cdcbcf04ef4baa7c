//! Provincial dispatch orders (调度令): ids, the cities and counties they name, when they were
//! notified, the time window and the level floor, which must be a level of the scenario's rule
//! set.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::raw::RawDispatch;
use super::validate::{Checker, line_note};
use crate::alert::{City, DispatchOrder};
use crate::alert::{RuleSet, WarningLevel};

/// The ids of the warning levels a dispatch order can set.
const LEVEL_IDS: [&str; 4] = ["blue", "yellow", "orange", "red"];

impl Checker<'_> {
    pub(super) fn dispatch(
        &mut self,
        raw: &[Spanned<RawDispatch>],
        all: &[City],
        rules: &Option<RuleSet>,
    ) -> Vec<DispatchOrder> {
        let mut out = Vec::new();
        let mut first: HashMap<String, &Spanned<String>> = HashMap::new();
        for (i, d) in raw.iter().enumerate() {
            let path = format!("dispatch[{i}]");
            let d = &d.value;
            let id = d.id.value.trim().to_string();
            if id.is_empty() {
                self.at(&d.id, &format!("{path}.id"), "a dispatch order needs an id");
            } else if let Some(prev) = first.get(&id) {
                let note = line_note(prev);
                self.at(
                    &d.id,
                    &format!("{path}.id"),
                    format!("duplicate dispatch order '{id}'{note}"),
                );
            } else {
                first.insert(id.clone(), &d.id);
            }
            let (cities, counties) = self.areas(d.cities.as_ref(), d.counties.as_ref(), &path, all);
            if d.cities.is_none() && d.counties.is_none() {
                self.at(&d.id, &path, "the order names no cities or counties");
            }
            let issued = d
                .issued
                .as_ref()
                .and_then(|v| self.datetime(v, &format!("{path}.issued")));
            let start = self.datetime(&d.start, &format!("{path}.start"));
            let end = self.datetime(&d.end, &format!("{path}.end"));
            if let (Some(s), Some(e)) = (start, end)
                && e <= s
            {
                let msg = format!(
                    "the order ends ({}) {} it starts ({})",
                    e.format("%Y-%m-%d %H:%M"),
                    if e == s { "when" } else { "before" },
                    s.format("%Y-%m-%d %H:%M")
                );
                self.at(&d.end, &format!("{path}.end"), msg);
            }
            let level = self.level(&d.level, &format!("{path}.level"), rules.as_ref());
            if let (Some(start), Some(end), Some(level)) = (start, end, level) {
                out.push(DispatchOrder {
                    id,
                    cities,
                    counties,
                    issued,
                    start,
                    end,
                    level,
                    stricter: d.stricter.unwrap_or(false),
                });
            }
        }
        out
    }

    fn level(
        &mut self,
        v: &Spanned<String>,
        path: &str,
        rules: Option<&RuleSet>,
    ) -> Option<WarningLevel> {
        let level = v
            .value
            .parse::<WarningLevel>()
            .ok()
            .filter(|l| l.is_warning());
        let Some(level) = level else {
            self.unknown(v, path, "level", &LEVEL_IDS);
            return None;
        };
        // A floor the rule set has no level for could never be shown or lifted by its rules.
        if let Some(msg) = rules.and_then(|r| r.lacks_level(level)) {
            self.at(v, path, msg);
            return None;
        }
        Some(level)
    }
}
