//! Raw YAML structs into the validated [`Scenario`]: every semantic rule (names, dates,
//! references between sections, rule sets) is checked by a [`Checker`], which collects every
//! problem with its location rather than stopping at the first. This file has the entry point
//! and the sections without files; checks that touch the file system (station list,
//! observations, the forecast) are in `files`, dispatch orders in `dispatch`, and the
//! sections of the measures stage (inventory, enterprises, catalog, targets) in `planning`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use clap::ValueEnum;
use serde_saphyr::Spanned;

use super::model::Scenario;
use super::raw::{RawCity, RawPeriod, RawScenario, RawTrigger, ScalarOr};
use crate::alert::RuleSet;
use crate::alert::rules::RuleOverrides;
use crate::alert::{City, RegionalTrigger};
use crate::aqi::StandardChoice;
use crate::diag::problem::Problem;
use crate::diag::suggest::{city_hint, hint, hint_or_list, one_of};
use crate::ingest::time::{parse_date, parse_datetime};

/// The problems found so far, and what is needed to locate them.
pub(super) struct Checker<'a> {
    /// The scenario file, as the user named it.
    pub file: &'a Path,
    /// The folder relative paths in the scenario are resolved from.
    pub dir: PathBuf,
    /// Every problem found.
    pub problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    pub fn new(file: &'a Path) -> Checker<'a> {
        Checker {
            file,
            dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
            problems: Vec::new(),
        }
    }

    /// Records a problem at a value of the scenario, under a key path.
    pub fn at<T>(&mut self, value: &Spanned<T>, path: &str, message: impl Into<String>) {
        let l = value.referenced;
        // serde-saphyr marks values it could not locate with line 0.
        let known = l.line() > 0;
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line: known.then(|| l.line()),
            column: known.then(|| l.column()),
            context: Some(path.to_string()),
            message: message.into(),
        });
    }

    /// A path of the scenario, relative ones taken from the scenario's folder.
    pub fn resolve(&self, given: &str) -> PathBuf {
        self.dir.join(given)
    }
}

/// A free text of the scenario, trimmed; empty is none.
fn text(v: Option<&Spanned<String>>) -> Option<String> {
    v.map(|t| t.value.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// ` (first at line N)` for duplicates, when the line is known.
pub(super) fn line_note<T>(v: &Spanned<T>) -> String {
    first_at(v.referenced.line())
}

fn first_at(line: u64) -> String {
    match line {
        0 => String::new(),
        n => format!(" (first at line {n})"),
    }
}

/// Checks a parsed scenario; `file` is the scenario as named, for messages and relative paths.
pub(super) fn validate(raw: &RawScenario, file: &Path) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker::new(file);
    let name = c.name(&raw.name);
    let period = c.period(&raw.period);
    let standard = c.standard(raw.standard.as_ref());
    let rules = c.rules(raw.rules.as_ref());
    let cities = c.cities(&raw.cities);
    let names: Vec<&str> = cities.iter().map(|x| x.name.as_str()).collect();
    let stations = c.station_list(raw.stations.as_ref(), &raw.cities);
    let regions = c.regions(raw.regions.as_deref().unwrap_or_default(), &cities);
    let observations = c.observations(raw.observations.as_ref(), &names);
    let forecast = c.forecast(&raw.forecast, raw.observations.is_some(), &cities);
    let dispatch = c.dispatch(raw.dispatch.as_deref().unwrap_or_default(), &cities, &rules);
    let mut planning = c.planning(raw, &names, rules.as_ref());
    let projection = raw.projection.as_ref().and_then(|p| {
        match crate::projection::ProjectionConfig::from_raw(&p.value, &names) {
            Ok(cfg) => Some(cfg),
            Err(problems) => {
                for (path, message) in problems {
                    c.at(p, &path, message);
                }
                None
            }
        }
    });
    let mut problems = c.problems;
    let city_orders = names
        .iter()
        .map(|n| n.to_string())
        .zip(std::mem::take(&mut planning.city_orders))
        .filter(|(_, own)| *own != Default::default())
        .collect();
    match (period, rules, forecast) {
        (Some(period), Some(rules), Some(forecast)) if problems.is_empty() => Ok(Scenario {
            name,
            title: raw.title.as_ref().map(|t| t.value.clone()),
            authority: text(raw.authority.as_ref()),
            document: text(raw.document.as_ref()),
            path: file.to_path_buf(),
            period,
            standard,
            rules,
            regions,
            cities,
            stations,
            observations,
            forecast,
            dispatch,
            inventory: planning.inventory,
            enterprises: planning.enterprises,
            catalog: planning.catalog,
            targets: planning.targets,
            tighten: planning.tighten,
            xlsx: raw.xlsx.unwrap_or(false),
            city_orders,
            projection,
        }),
        _ => {
            if problems.is_empty() {
                // Every `None` above comes with a problem; this only guards against a check
                // that forgets to say why.
                problems.push(Problem::in_file(file, "the scenario is invalid"));
            }
            Err(problems)
        }
    }
}

impl Checker<'_> {
    fn name(&mut self, v: &Spanned<String>) -> String {
        let n = v.value.trim();
        let valid = n.chars().next().is_some_and(char::is_alphanumeric)
            && n.chars()
                .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_');
        if n.is_empty() {
            self.at(v, "name", "the name is empty");
        } else if !valid {
            self.at(
                v,
                "name",
                format!(
                    "'{n}' is not a valid name: use letters, digits, '-' and '_', starting with a \
                     letter or digit (it names the output folder)"
                ),
            );
        }
        n.to_string()
    }

    fn date(&mut self, v: &Spanned<String>, path: &str) -> Option<NaiveDate> {
        parse_date(&v.value)
            .map_err(|e| self.at(v, path, e.to_string()))
            .ok()
    }

    pub(super) fn datetime(&mut self, v: &Spanned<String>, path: &str) -> Option<NaiveDateTime> {
        parse_datetime(&v.value)
            .map_err(|e| self.at(v, path, e.to_string()))
            .ok()
    }

    fn period(&mut self, p: &Spanned<RawPeriod>) -> Option<(NaiveDate, NaiveDate)> {
        let start = self.date(&p.value.start, "period.start");
        let end = self.date(&p.value.end, "period.end");
        let (start, end) = (start?, end?);
        if end < start {
            self.at(
                &p.value.end,
                "period.end",
                format!("the period ends ({end}) before it starts ({start})"),
            );
            return None;
        }
        Some((start, end))
    }

    fn standard(&mut self, v: Option<&Spanned<String>>) -> StandardChoice {
        let Some(v) = v else {
            return StandardChoice::Auto;
        };
        StandardChoice::from_str(v.value.trim(), true).unwrap_or_else(|_| {
            let ids = ["auto", "hj633-2012", "hj633-2026"];
            self.unknown(v, "standard", "standard", &ids);
            StandardChoice::Auto
        })
    }

    /// `unknown WHAT 'x' (did you mean 'y'?)`, else `… (expected a, b or c)`.
    pub(super) fn unknown(&mut self, v: &Spanned<String>, path: &str, what: &str, ids: &[&str]) {
        let text = v.value.trim();
        self.at(
            v,
            path,
            format!("unknown {what} '{text}'{}", hint_or_list(text, ids)),
        );
    }

    fn rule_set_name(&mut self, v: &Spanned<impl Sized>, path: &str, name: &str) -> bool {
        if RuleSet::shipped_yaml(name).is_some() {
            return true;
        }
        let note = match hint(name, RuleSet::SHIPPED) {
            h if h.is_empty() => format!(" (shipped: {})", one_of(&RuleSet::SHIPPED)),
            h => h,
        };
        self.at(v, path, format!("unknown rule set '{name}'{note}"));
        false
    }

    fn rules(&mut self, v: Option<&Spanned<ScalarOr<RuleOverrides>>>) -> Option<RuleSet> {
        let Some(v) = v else {
            return RuleSet::shipped("national-2024");
        };
        match &v.value {
            ScalarOr::Scalar(name) => {
                let name = name.trim();
                if self.rule_set_name(v, "rules", name) {
                    RuleSet::shipped(name)
                } else {
                    None
                }
            }
            ScalarOr::Map(o) => {
                let base = o.base.as_deref().unwrap_or("national-2024").trim();
                if !self.rule_set_name(v, "rules.base", base) {
                    return None;
                }
                let o = RuleOverrides {
                    base: Some(base.to_string()),
                    ..o.clone()
                };
                // Once the base is known, what `apply` can refuse is the levels (order,
                // conditions); without the levels' own location, the path says where.
                let path = if o.levels.is_some() {
                    "rules.levels"
                } else {
                    "rules"
                };
                o.apply().map_err(|e| self.at(v, path, e)).ok()
            }
        }
    }

    fn cities(&mut self, list: &Spanned<Vec<Spanned<ScalarOr<RawCity>>>>) -> Vec<City> {
        if list.value.is_empty() {
            self.at(list, "cities", "no cities: list at least one");
        }
        let mut out: Vec<City> = Vec::new();
        let mut first: HashMap<String, usize> = HashMap::new();
        // A station belongs to one city: its value would otherwise count twice.
        let mut station_city: HashMap<String, usize> = HashMap::new();
        for (i, entry) in list.value.iter().enumerate() {
            let path = format!("cities[{i}]");
            let (name, codes) = super::raw::place(entry);
            let n = name.value.trim().to_string();
            if n.is_empty() {
                self.at(&name, &path, "a city needs a name");
            } else if let Some(&j) = first.get(&n) {
                let note = first_at(city_line(&list.value[j]));
                self.at(&name, &path, format!("duplicate city '{n}'{note}"));
            } else {
                first.insert(n.clone(), i);
            }
            let mut stations = Vec::new();
            for (k, code) in codes.iter().enumerate() {
                let spath = format!("{path}.stations[{k}]");
                let s = code.value.trim().to_string();
                if s.is_empty() {
                    self.at(code, &spath, "empty station code");
                    continue;
                }
                match station_city.get(&s) {
                    Some(&j) if j == i => {
                        self.at(code, &spath, format!("station '{s}' is listed twice"));
                    }
                    Some(&j) => {
                        let other = city_name(&list.value[j]);
                        self.at(
                            code,
                            &spath,
                            format!("station '{s}' is already a station of {other}"),
                        );
                    }
                    None => {
                        station_city.insert(s.clone(), i);
                    }
                }
                stations.push(s);
            }
            let counties = match &entry.value {
                ScalarOr::Map(m) => {
                    self.counties(m.counties.as_deref().unwrap_or_default(), &path, &n)
                }
                ScalarOr::Scalar(_) => Vec::new(),
            };
            out.push(City {
                name: n,
                stations,
                counties,
            });
        }
        out
    }

    /// Checks a reference to a city of the scenario.
    pub(super) fn city_ref(&mut self, v: &Spanned<String>, path: &str, names: &[&str]) -> bool {
        let n = v.value.trim();
        if names.contains(&n) {
            return true;
        }
        let msg = if n.is_empty() {
            "no city name".to_string()
        } else {
            format!("unknown city '{n}'{}", city_hint(n, names))
        };
        self.at(v, path, msg);
        false
    }

    /// A non-empty list of distinct defined cities.
    pub(super) fn city_list(
        &mut self,
        list: &Spanned<Vec<Spanned<String>>>,
        path: &str,
        names: &[&str],
    ) -> Vec<String> {
        if list.value.is_empty() {
            self.at(
                list,
                &format!("{path}.cities"),
                "no cities: list at least one",
            );
        }
        let mut out: Vec<String> = Vec::new();
        for (j, city) in list.value.iter().enumerate() {
            let cpath = format!("{path}.cities[{j}]");
            if !self.city_ref(city, &cpath, names) {
                continue;
            }
            let n = city.value.trim().to_string();
            if out.contains(&n) {
                self.at(city, &cpath, format!("city '{n}' is listed twice"));
            } else {
                out.push(n);
            }
        }
        out
    }

    pub(super) fn trigger(
        &mut self,
        t: &Spanned<RawTrigger>,
        path: &str,
        members: usize,
    ) -> RegionalTrigger {
        match (&t.value.min_cities, &t.value.min_share) {
            (Some(_), Some(_)) => {
                self.at(t, path, "give min_cities or min_share, not both");
                RegionalTrigger::None
            }
            (None, None) => {
                self.at(t, path, "give min_cities or min_share");
                RegionalTrigger::None
            }
            (Some(n), None) => {
                let p = format!("{path}.min_cities");
                if n.value == 0 {
                    self.at(n, &p, "min_cities must be at least 1");
                } else if n.value as usize > members {
                    let msg = format!(
                        "min_cities is {} but the region has {members} member{} in the scenario",
                        n.value,
                        if members == 1 { "" } else { "s" }
                    );
                    self.at(n, &p, msg);
                }
                RegionalTrigger::MinCities(n.value)
            }
            (None, Some(s)) => {
                // Written so that NaN fails too.
                if !(s.value > 0.0 && s.value <= 1.0) {
                    let msg = format!("min_share must be above 0 and at most 1, not {}", s.value);
                    self.at(s, &format!("{path}.min_share"), msg);
                }
                RegionalTrigger::MinShare(s.value)
            }
        }
    }
}

/// ` (did you mean 'X'?)`, else the scenario's cities when they are few enough to list.
/// The line of a city entry's name.
fn city_line(c: &Spanned<ScalarOr<RawCity>>) -> u64 {
    match &c.value {
        ScalarOr::Map(m) => m.name.referenced.line(),
        ScalarOr::Scalar(_) => c.referenced.line(),
    }
}

/// A city entry's name as written.
fn city_name(c: &Spanned<ScalarOr<RawCity>>) -> &str {
    match &c.value {
        ScalarOr::Map(m) => m.name.value.trim(),
        ScalarOr::Scalar(s) => s.trim(),
    }
}
