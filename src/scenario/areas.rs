//! Counties (区县) and the areas that regions and dispatch orders name (practice.md 3): the
//! counties of each city, references to them (`{忻州: [忻府区, 定襄县]}`), regions written out
//! or taken by name from the shipped definitions (members outside the scenario ignored), and
//! the cities and counties of a dispatch order.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::raw::{RawCounties, RawCounty, RawRegion, ScalarOr};
use super::regions;
use super::validate::{Checker, line_note};
use crate::alert::{City, County, Region, RegionalTrigger};
use crate::diag::suggest::city_hint;
use crate::diag::suggest::hint;

/// ` (did you mean 'X'?)`, else the city's counties when few enough to list.
fn county_hint(name: &str, city: &City) -> String {
    let names: Vec<&str> = city.counties.iter().map(|k| k.name.as_str()).collect();
    match hint(name, names.iter().copied()) {
        h if !h.is_empty() => h,
        _ if names.is_empty() => format!(
            " ({} has no counties in the scenario: list them under its `counties`)",
            city.name
        ),
        _ if names.len() <= 12 => format!(" (counties of {}: {})", city.name, names.join(", ")),
        _ => String::new(),
    }
}

/// Why a county is not one of the city's, if it is not.
pub(crate) fn unknown_county(name: &str, city: &City) -> Option<String> {
    if city.counties.iter().any(|k| k.name == name) {
        return None;
    }
    Some(format!(
        "unknown county '{name}' of {}{}",
        city.name,
        county_hint(name, city)
    ))
}

impl Checker<'_> {
    /// The counties of one city (`cities[i].counties`).
    pub(super) fn counties(
        &mut self,
        raw: &[Spanned<ScalarOr<RawCounty>>],
        path: &str,
        city: &str,
    ) -> Vec<County> {
        let mut out: Vec<County> = Vec::new();
        let mut first: HashMap<String, Spanned<String>> = HashMap::new();
        let mut station_of: HashMap<String, String> = HashMap::new();
        for (k, entry) in raw.iter().enumerate() {
            let kpath = format!("{path}.counties[{k}]");
            let (name, codes) = super::raw::place(entry);
            let n = name.value.trim().to_string();
            if n.is_empty() {
                self.at(&name, &kpath, "a county needs a name");
                continue;
            }
            if n == city {
                self.at(
                    &name,
                    &kpath,
                    format!("county '{n}' has its city's name: a county is a part of the city"),
                );
                continue;
            }
            if let Some(prev) = first.get(&n) {
                let note = line_note(prev);
                self.at(
                    &name,
                    &kpath,
                    format!("duplicate county '{n}' of {city}{note}"),
                );
                continue;
            }
            first.insert(n.clone(), name.clone());
            let mut stations = Vec::new();
            for (j, code) in codes.iter().enumerate() {
                let spath = format!("{kpath}.stations[{j}]");
                let s = code.value.trim().to_string();
                if s.is_empty() {
                    self.at(code, &spath, "empty station code");
                    continue;
                }
                // A station is in one county (its city's mean may use it too).
                if let Some(other) = station_of.get(&s) {
                    let msg = if *other == n {
                        format!("station '{s}' is listed twice")
                    } else {
                        format!("station '{s}' is already a station of {city} {other}")
                    };
                    self.at(code, &spath, msg);
                    continue;
                }
                station_of.insert(s.clone(), n.clone());
                stations.push(s);
            }
            out.push(County { name: n, stations });
        }
        out
    }

    /// `counties: {忻州: [忻府区, 定襄县]}`: (city, county) pairs of the scenario's counties.
    pub(super) fn county_refs(
        &mut self,
        raw: &RawCounties,
        path: &str,
        cities: &[City],
    ) -> Vec<(String, String)> {
        let names: Vec<&str> = cities.iter().map(|c| c.name.as_str()).collect();
        let mut out: Vec<(String, String)> = Vec::new();
        for (city, list) in &raw.value.0 {
            let cname = city.value.trim();
            let cpath = format!("{path}.counties.{cname}");
            let Some(c) = cities.iter().find(|c| c.name == cname) else {
                let msg = format!("unknown city '{cname}'{}", city_hint(cname, &names));
                self.at(city, &cpath, msg);
                continue;
            };
            for (j, k) in list.value.iter().enumerate() {
                let kname = k.value.trim().to_string();
                let kpath = format!("{cpath}[{j}]");
                if let Some(msg) = unknown_county(&kname, c) {
                    self.at(k, &kpath, msg);
                    continue;
                }
                let pair = (c.name.clone(), kname);
                if out.contains(&pair) {
                    self.at(k, &kpath, format!("county '{}' is listed twice", pair.1));
                    continue;
                }
                out.push(pair);
            }
        }
        out
    }

    /// The cities and counties an order or a region names: a list of cities (which may be
    /// left empty when counties are given) and counties by city.
    pub(super) fn areas(
        &mut self,
        list: Option<&Spanned<Vec<Spanned<String>>>>,
        counties: Option<&RawCounties>,
        path: &str,
        cities: &[City],
    ) -> (Vec<String>, Vec<(String, String)>) {
        let names: Vec<&str> = cities.iter().map(|c| c.name.as_str()).collect();
        let members = match list {
            Some(list) if !list.value.is_empty() || counties.is_none() => {
                self.city_list(list, path, &names)
            }
            _ => Vec::new(),
        };
        let counties = counties
            .map(|k| self.county_refs(k, path, cities))
            .unwrap_or_default();
        (members, counties)
    }

    /// The regions: written out, or shipped ones by name.
    pub(super) fn regions(
        &mut self,
        raw: &[Spanned<ScalarOr<RawRegion>>],
        cities: &[City],
    ) -> Vec<Region> {
        let mut out = Vec::new();
        let mut first: HashMap<String, Spanned<String>> = HashMap::new();
        for (i, entry) in raw.iter().enumerate() {
            let path = format!("regions[{i}]");
            let (name, r) = match &entry.value {
                ScalarOr::Scalar(n) => (
                    Spanned::new(n.clone(), entry.referenced, entry.defined),
                    None,
                ),
                ScalarOr::Map(r) => (r.name.clone(), Some(r)),
            };
            let n = name.value.trim().to_string();
            if n.is_empty() {
                self.at(&name, &format!("{path}.name"), "a region needs a name");
                continue;
            }
            if let Some(prev) = first.get(&n) {
                let note = line_note(prev);
                let msg = format!("duplicate region '{n}'{note}");
                self.at(&name, &format!("{path}.name"), msg);
            } else {
                first.insert(n.clone(), name.clone());
            }
            let written = r.is_some_and(|r| r.cities.is_some() || r.counties.is_some());
            let (members, counties, source) = if written {
                let r = r.expect("written");
                let (members, counties) =
                    self.areas(r.cities.as_ref(), r.counties.as_ref(), &path, cities);
                if r.cities.is_none() && counties.is_empty() {
                    self.at(&name, &path, "no members: list cities or counties");
                }
                (members, counties, None)
            } else {
                match self.shipped_region(&name, &path, cities) {
                    Some(x) => x,
                    None => continue,
                }
            };
            let size = members.len() + counties.len();
            let trigger = match r.and_then(|r| r.trigger.as_ref()) {
                None => RegionalTrigger::None,
                Some(t) => self.trigger(t, &format!("{path}.trigger"), size),
            };
            out.push(Region {
                name: n,
                cities: members,
                counties,
                trigger,
                stricter: r.and_then(|r| r.stricter).unwrap_or(false),
                source,
            });
        }
        out
    }

    /// The members of a shipped region that are in the scenario.
    #[allow(clippy::type_complexity)]
    fn shipped_region(
        &mut self,
        name: &Spanned<String>,
        path: &str,
        cities: &[City],
    ) -> Option<(Vec<String>, Vec<(String, String)>, Option<String>)> {
        let n = name.value.trim();
        let Some(sr) = regions::find(n) else {
            let known: Vec<&str> = regions::shipped().iter().map(|r| r.name.as_str()).collect();
            let note = match hint(n, known.iter().copied()) {
                h if !h.is_empty() => h,
                _ => format!(" (shipped regions: {})", known.join(", ")),
            };
            let msg = format!(
                "unknown region '{n}'{note}: give its members with `cities:` or `counties:`, or \
                 name a shipped region"
            );
            self.at(name, path, msg);
            return None;
        };
        let mut members = Vec::new();
        let mut counties = Vec::new();
        let mut used = Vec::new();
        for m in &sr.members {
            let Some(c) = cities.iter().find(|c| c.name == m.city) else {
                continue;
            };
            if m.counties.is_empty() {
                members.push(c.name.clone());
                used.push(m);
                continue;
            }
            let mut any = false;
            for k in &m.counties {
                if c.counties.iter().any(|x| &x.name == k) {
                    counties.push((c.name.clone(), k.clone()));
                    any = true;
                }
            }
            if any {
                used.push(m);
            }
        }
        if members.is_empty() && counties.is_empty() {
            let listed: Vec<String> = sr
                .members
                .iter()
                .map(|m| match m.counties.len() {
                    0 => m.city.clone(),
                    k => format!("{} ({k} counties)", m.city),
                })
                .collect();
            let msg = format!(
                "region '{}' has no member in the scenario (its members: {}; a county member \
                 counts when its city lists it under `counties`)",
                sr.name,
                listed.join(", ")
            );
            self.at(name, path, msg);
            return None;
        }
        let status = sr.status_of(used.iter().copied());
        let source = format!(
            "{} [{status}] (regions/shanxi.yaml; sources in docs/regions.md)",
            sr.title
        );
        Some((members, counties, Some(source)))
    }
}
