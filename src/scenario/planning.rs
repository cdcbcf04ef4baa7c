//! The sections the measure schedule and the emission accounting read: the emission
//! inventory, the enterprise list, the measure catalog, the reduction targets and `tighten`.
//! The two tables are read by [`crate::emissions::inventory`] and
//! [`crate::measures::enterprises`]; here they are named, checked against each other (an
//! inventory's industry sector holds its enterprises), and the targets are checked level by
//! level (a higher level never asks for less).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use super::raw::{RawListFile, RawScenario, RawTargets, ScalarOr};
use super::validate::Checker;
use crate::alert::{RuleSet, WarningLevel};
use crate::diag::problem::Problem;
use crate::diag::suggest::hint;
use crate::emissions::inventory::{self, Located};
use crate::emissions::{EmissionPollutant, Emissions, Inventory, Sector, Share, Targets};
use crate::measures::{Catalog, CityOrders, Enterprise, enterprises};

/// What the planning sections hold, checked.
pub(super) struct Planning {
    pub inventory: Option<Inventory>,
    pub enterprises: Vec<Enterprise>,
    pub catalog: Catalog,
    pub targets: Targets,
    pub tighten: bool,
    /// Each city's own orders, in the order of `cities`.
    pub city_orders: Vec<CityOrders>,
}

/// The shares one mapping of levels gives, where each is written, and the levels whose
/// value was refused.
#[derive(Default)]
struct Given<'a> {
    shares: BTreeMap<WarningLevel, Share>,
    at: BTreeMap<WarningLevel, (&'a Spanned<String>, String)>,
    refused: Vec<WarningLevel>,
}

impl Checker<'_> {
    pub(super) fn planning(
        &mut self,
        raw: &RawScenario,
        names: &[&str],
        rules: Option<&RuleSet>,
    ) -> Planning {
        let inventory = self.inventory(raw.inventory.as_ref(), names);
        // The list and the cities' orders are checked against the catalog (industries, grade
        // schemes; order ids, placeholders).
        let before = self.problems.len();
        let catalog = self.catalog(raw.measures.as_ref());
        let catalog_ok = self.problems.len() == before;
        let city_orders = self.city_orders(&raw.cities, &catalog, catalog_ok);
        let enterprises = self.enterprises(raw.enterprises.as_ref(), names, &catalog);
        if let (Some(e), None) = (&raw.enterprises, &raw.inventory) {
            self.at(
                e,
                "enterprises",
                "an enterprise list needs an inventory (the targets are shares of each city's \
                 total emissions): add 'inventory: FILE'",
            );
        }
        if let (Some((ipath, inv, located)), Some((epath, list))) = (&inventory, &enterprises) {
            self.industry_holds_enterprises(ipath, inv, located, epath, list, names);
        }
        let seasonal =
            self.seasonal_rules(raw.seasonal.as_deref().unwrap_or_default(), names, &catalog);
        let mut enterprises = enterprises.map(|(_, list)| list).unwrap_or_default();
        self.apply_seasonal(
            &seasonal,
            raw.seasonal.as_deref().unwrap_or_default(),
            &mut enterprises,
            &catalog,
        );
        if let Some(s) = raw.seasonal.as_ref().and_then(|s| s.first())
            && raw.enterprises.is_none()
        {
            self.at(
                s,
                "seasonal",
                "seasonal controls are for the enterprises of a list: add 'enterprises: FILE'",
            );
        }
        Planning {
            inventory: inventory.map(|(_, inv, _)| inv),
            enterprises,
            catalog,
            targets: self.targets(raw.targets.as_ref(), names, rules),
            tighten: raw.tighten.unwrap_or(false),
            city_orders,
        }
    }

    fn inventory(
        &mut self,
        v: Option<&Spanned<String>>,
        names: &[&str],
    ) -> Option<(PathBuf, Inventory, Located)> {
        let p = self.existing(v?, "inventory", true)?;
        // Without cities every row would be an "unknown city"; that problem is reported
        // under `cities` already.
        if names.is_empty() {
            return None;
        }
        match inventory::read_located(&p, names) {
            Ok((inv, located)) => Some((p, inv, located)),
            Err(problems) => {
                self.problems.extend(problems);
                None
            }
        }
    }

    fn enterprises(
        &mut self,
        v: Option<&Spanned<ScalarOr<RawListFile>>>,
        names: &[&str],
        catalog: &Catalog,
    ) -> Option<(PathBuf, Vec<Enterprise>)> {
        let v = v?;
        let (file, sheet, path) = match &v.value {
            ScalarOr::Scalar(f) => (
                Spanned::new(f.clone(), v.referenced, v.defined),
                None,
                "enterprises",
            ),
            ScalarOr::Map(m) => (m.file.clone(), m.sheet.as_ref(), "enterprises.file"),
        };
        let p = self.existing(&file, path, true)?;
        if let Some(s) = sheet
            && !crate::table::workbook::is_workbook(&p)
        {
            self.at(
                s,
                "enterprises.sheet",
                "a sheet is for a workbook (.xlsx): this list is a CSV file",
            );
        }
        if names.is_empty() {
            return None;
        }
        let sheet = sheet.map(|s| s.value.trim());
        match enterprises::read(&p, sheet, names, catalog) {
            Ok(list) => Some((p, list)),
            Err(problems) => {
                self.problems.extend(problems);
                None
            }
        }
    }

    /// An inventory's industry sector includes the listed enterprises: if they emit more,
    /// their cuts would count for more than the sector emits (shares above 100 %).
    fn industry_holds_enterprises(
        &mut self,
        ipath: &Path,
        inv: &Inventory,
        located: &Located,
        epath: &Path,
        list: &[Enterprise],
        names: &[&str],
    ) {
        for &city in names {
            let sum = list
                .iter()
                .filter(|e| e.city == city)
                .fold(Emissions::default(), |a, e| a + e.emissions);
            if sum == Emissions::default() {
                continue;
            }
            let Some(&line) = located.lines.get(&(city.to_string(), Sector::Industry)) else {
                let each: Vec<String> = EmissionPollutant::ALL
                    .iter()
                    .map(|&p| format!("{} {}", p.name(), sum.get(p)))
                    .collect();
                let msg = format!(
                    "no industry row for {city}, but its enterprises in {} emit {} and {} \
                     t/day: add the row (the industry sector includes the enterprises)",
                    epath.display(),
                    each[..3].join(", "),
                    each[3]
                );
                self.problems.push(Problem::in_file(ipath, msg));
                continue;
            };
            let industry = inv.sector(city, Sector::Industry).unwrap_or_default();
            for (i, &p) in EmissionPollutant::ALL.iter().enumerate() {
                let (have, need) = (industry.get(p), sum.get(p));
                if have < need {
                    let msg = format!(
                        "the industry inventory of {city} ({} {have} t/day) is below the sum of \
                         its enterprises in {} ({need} t/day): the sector includes them, so \
                         correct one of the two files",
                        p.name(),
                        epath.display()
                    );
                    let column = located.columns[i].as_str();
                    self.problems
                        .push(Problem::on_line(ipath, line, Some(column), msg));
                }
            }
        }
    }

    /// `measures: default` or absent: the shipped catalog; else a catalog file.
    fn catalog(&mut self, v: Option<&Spanned<String>>) -> Catalog {
        let Some(v) = v else {
            return Catalog::shipped();
        };
        let given = v.value.trim();
        if given == "default" {
            return Catalog::shipped();
        }
        // A bare word that is no file was meant as a catalog name, most likely `default`.
        if !given.is_empty() && !given.contains(['.', '/', '\\']) && !self.resolve(given).exists() {
            let note = match hint(given, ["default"]) {
                h if h.is_empty() => {
                    " (give 'default' for the shipped catalog, or a catalog file)".to_string()
                }
                h => h,
            };
            self.at(
                v,
                "measures",
                format!("unknown measure catalog '{given}'{note}"),
            );
            return Catalog::default();
        }
        let Some(p) = self.existing(v, "measures", true) else {
            return Catalog::default();
        };
        Catalog::load(&p).unwrap_or_else(|messages| {
            self.problems
                .extend(messages.iter().map(|m| catalog_problem(&p, m)));
            Catalog::default()
        })
    }

    /// The default shares with the scenario's overrides, each checked: a share from 0 to
    /// 100 %, a level of the rule set, a known city, and no higher level below a lower one.
    fn targets(
        &mut self,
        v: Option<&Spanned<RawTargets>>,
        names: &[&str],
        rules: Option<&RuleSet>,
    ) -> Targets {
        let mut targets = Targets::default();
        let Some(v) = v else {
            return targets;
        };
        let t = &v.value;
        targets.count_estimates = t.count_estimates.as_ref().is_some_and(|b| b.value);
        let given = self.level_shares(t.levels(), "targets", rules);
        targets
            .default
            .extend(given.shares.iter().map(|(l, s)| (*l, *s)));
        self.ordered(&targets.default, &given, &[], |_| {
            " (the default)".to_string()
        });
        let Some(cities) = &t.cities else {
            return targets;
        };
        for (city, levels) in &cities.value.0 {
            let name = city.value.trim();
            let cpath = format!("targets.cities.{name}");
            let known = self.city_ref(city, &cpath, names);
            let own = self.level_shares(levels.value.levels(), &cpath, rules);
            let mut effective = targets.default.clone();
            effective.extend(own.shares.iter().map(|(l, s)| (*l, *s)));
            // A default given but refused is reported there; comparing the city's shares
            // with the value it replaced would only add noise.
            self.ordered(&effective, &own, &given.refused, |level| {
                if given.shares.contains_key(&level) {
                    format!(" (from targets.{level})")
                } else {
                    " (the default)".to_string()
                }
            });
            if known && !own.shares.is_empty() {
                targets.cities.insert(name.to_string(), own.shares);
            }
        }
        targets
    }

    /// The shares of one mapping of levels (`targets`, `targets.cities.太原`), checked.
    fn level_shares<'a>(
        &mut self,
        levels: [(WarningLevel, Option<&'a Spanned<String>>); 4],
        prefix: &str,
        rules: Option<&RuleSet>,
    ) -> Given<'a> {
        let mut out = Given::default();
        for (level, share) in levels {
            let Some(s) = share else { continue };
            let path = format!("{prefix}.{level}");
            match self.target_share(s, &path, level, rules) {
                Some(share) => {
                    out.shares.insert(level, share);
                    out.at.insert(level, (s, path));
                }
                None => out.refused.push(level),
            }
        }
        out
    }

    /// A share of a level: valid, and for a level the rule set has.
    fn target_share(
        &mut self,
        v: &Spanned<String>,
        path: &str,
        level: WarningLevel,
        rules: Option<&RuleSet>,
    ) -> Option<Share> {
        let share = crate::emissions::cells::share(&v.value)
            .map_err(|m| self.at(v, path, m))
            .ok()?;
        // A target for a level the rules never issue would never be checked.
        if let Some(msg) = rules.and_then(|r| r.lacks_level(level)) {
            self.at(v, path, msg);
            return None;
        }
        Some(share)
    }

    /// No level may ask for a smaller share than the level below it. Only pairs with a value
    /// given in this mapping are reported (the others are reported where they are given),
    /// and none with a value refused here or in `refused_elsewhere`; `origin` says where a
    /// value not given here comes from.
    fn ordered(
        &mut self,
        shares: &BTreeMap<WarningLevel, Share>,
        given: &Given,
        refused_elsewhere: &[WarningLevel],
        origin: impl Fn(WarningLevel) -> String,
    ) {
        let refused = |l: WarningLevel| {
            given.refused.contains(&l)
                || (refused_elsewhere.contains(&l) && !given.shares.contains_key(&l))
        };
        let levels: Vec<(WarningLevel, Share)> = shares.iter().map(|(l, s)| (*l, *s)).collect();
        for pair in levels.windows(2) {
            let &[(lo, lo_share), (hi, hi_share)] = pair else {
                continue;
            };
            if hi_share >= lo_share || refused(lo) || refused(hi) {
                continue;
            }
            let from = |l: WarningLevel| {
                if given.at.contains_key(&l) {
                    String::new()
                } else {
                    origin(l)
                }
            };
            let (at, msg) = if let Some(w) = given.at.get(&hi) {
                (
                    w,
                    format!("{hi} is {hi_share}, below {lo}'s {lo_share}{}", from(lo)),
                )
            } else if let Some(w) = given.at.get(&lo) {
                (
                    w,
                    format!("{lo} is {lo_share}, above {hi}'s {hi_share}{}", from(hi)),
                )
            } else {
                continue;
            };
            let (v, path) = (at.0, at.1.clone());
            self.at(
                v,
                &path,
                format!("{msg}: a higher warning level needs at least the share of a lower one"),
            );
        }
    }
}

/// A catalog message as a problem of its file: `LINE:COL: message` and `LINE: message` keep
/// their location (a leading file name, if the message has one, is dropped: the problem
/// names the file).
fn catalog_problem(file: &Path, message: &str) -> Problem {
    let shown = file.display().to_string();
    let m = message
        .strip_prefix(shown.as_str())
        .and_then(|rest| rest.strip_prefix(':'))
        .map_or(message, str::trim_start);
    // `cannot read FILE: why`: the file is named once, in front.
    if let Some(why) = m
        .strip_prefix("cannot read ")
        .and_then(|rest| rest.strip_prefix(shown.as_str()))
        .and_then(|rest| rest.strip_prefix(": "))
    {
        return Problem::in_file(file, format!("cannot read: {why}"));
    }
    let (line, rest) = leading_number(m);
    let (column, rest) = match line {
        Some(_) => leading_number(rest),
        None => (None, rest),
    };
    Problem {
        file: file.to_path_buf(),
        line,
        column,
        context: None,
        message: rest.to_string(),
    }
}

/// `12: rest` -> (12, `rest`); anything else is left whole.
fn leading_number(s: &str) -> (Option<u64>, &str) {
    match s.split_once(':') {
        Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            match n.parse::<u64>() {
                Ok(v) if v > 0 => (Some(v), rest.trim_start()),
                _ => (None, s),
            }
        }
        _ => (None, s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_messages_keep_their_location() {
        let f = Path::new("m/catalog.yaml");
        let show = |m: &str| catalog_problem(f, m).to_string();
        assert_eq!(show("12:5: bad level"), "m/catalog.yaml:12:5: bad level");
        assert_eq!(show("12: bad level"), "m/catalog.yaml:12: bad level");
        assert_eq!(
            show("m/catalog.yaml:3:1: unknown key"),
            "m/catalog.yaml:3:1: unknown key"
        );
        assert_eq!(
            show("industry steel: no grades"),
            "m/catalog.yaml: industry steel: no grades"
        );
        assert_eq!(show("0: x"), "m/catalog.yaml: 0: x");
        assert_eq!(
            show("cannot read m/catalog.yaml: permission denied"),
            "m/catalog.yaml: cannot read: permission denied"
        );
    }
}
