//! `seasonal:` the seasonal controls (错峰生产) in force, checked and applied to the enterprise
//! list: the baseline the warning measures come on top of (practice.md 4, Anyang "在施行原有
//! 季节性管控措施基础上"; Shanxi: B, B-, C and 非引领性 enterprises staggered, D stopped,
//! standards.md 5.1).
//!
//! A rule covers the enterprises of its industries, grades and cities (a key left out covers
//! all); the first rule that covers an enterprise applies. The list's own seasonal columns win
//! over every rule: the bureau's list is its decision. Protected enterprises (保障类) are left
//! out of the rules, as seasonal plans exempt them; the list can still give them a control.

use chrono::NaiveDate;
use serde_saphyr::Spanned;

use super::raw::RawSeasonal;
use super::validate::Checker;
use crate::diag::suggest::hint;
use crate::measures::{Catalog, Enterprise, Grade, Seasonal, SeasonalControl, SeasonalSource};

/// One checked rule.
pub(super) struct SeasonalRule {
    /// Its index in `seasonal:`, for messages.
    index: usize,
    industries: Vec<String>,
    grades: Vec<Grade>,
    cities: Vec<String>,
    control: SeasonalControl,
    start: NaiveDate,
    end: NaiveDate,
    document: Option<String>,
}

impl SeasonalRule {
    fn covers(&self, e: &Enterprise, catalog: &Catalog) -> bool {
        e.protected.is_none()
            && (self.industries.is_empty()
                || self
                    .industries
                    .iter()
                    .any(|i| catalog.same_industry(i, &e.industry)))
            && (self.grades.is_empty() || self.grades.contains(&e.grade))
            && (self.cities.is_empty() || self.cities.contains(&e.city))
    }
}

impl Checker<'_> {
    /// Checks the `seasonal:` rules.
    pub(super) fn seasonal_rules(
        &mut self,
        raw: &[Spanned<RawSeasonal>],
        names: &[&str],
        catalog: &Catalog,
    ) -> Vec<SeasonalRule> {
        let mut out = Vec::new();
        for (i, spanned) in raw.iter().enumerate() {
            let r = &spanned.value;
            let path = format!("seasonal[{i}]");
            let before = self.problems.len();
            let mut industries = Vec::new();
            for (j, ind) in r.industries.iter().flatten().enumerate() {
                let name = ind.value.trim();
                if !catalog.names_industry(name) {
                    let msg = format!(
                        "no rule or grade scheme of the measure catalog names industry \
                         '{name}'{}",
                        hint(name, catalog.named_industries())
                    );
                    self.at(ind, &format!("{path}.industries[{j}]"), msg);
                }
                industries.push(name.to_string());
            }
            let mut grades = Vec::new();
            for (j, g) in r.grades.iter().flatten().enumerate() {
                match Grade::parse(&g.value) {
                    Some(grade) => grades.push(grade),
                    None => self.at(
                        g,
                        &format!("{path}.grades[{j}]"),
                        format!(
                            "unknown grade '{}' (A+, A, 引领性, B, B-, C, 非引领性, D, 未分级)",
                            g.value.trim()
                        ),
                    ),
                }
            }
            let cities = r
                .cities
                .as_ref()
                .map(|c| self.city_list(c, &path, names))
                .unwrap_or_default();
            let control = SeasonalControl::parse(&r.control.value)
                .map_err(|m| self.at(&r.control, &format!("{path}.control"), m))
                .ok();
            let start = self.day(&r.start, &format!("{path}.start"));
            let end = self.day(&r.end, &format!("{path}.end"));
            if let (Some(s), Some(e)) = (start, end)
                && e < s
            {
                self.at(
                    &r.end,
                    &format!("{path}.end"),
                    format!("the seasonal control ends on {e}, before it starts on {s}"),
                );
            }
            if self.problems.len() > before {
                continue;
            }
            if let (Some(control), Some(start), Some(end)) = (control, start, end) {
                out.push(SeasonalRule {
                    index: i,
                    industries,
                    grades,
                    cities,
                    control,
                    start,
                    end,
                    document: r.document.as_ref().map(|d| d.value.trim().to_string()),
                });
            }
        }
        out
    }

    fn day(&mut self, v: &Spanned<String>, path: &str) -> Option<NaiveDate> {
        crate::measures::enterprises::parse_day(&v.value)
            .map_err(|m| self.at(v, path, m))
            .ok()
    }
}

impl Checker<'_> {
    /// Applies the rules ([`assign`]). A rule that would take a plant past what its industry
    /// can physically do (a coke oven or a glass furnace stopped for the season, where the
    /// catalog's `limits:` say it cannot be stopped) is a problem at its `control`: a D-grade
    /// "错峰停产" rule written for every industry must not stop the coke ovens; the bureau
    /// names the rule's industries or puts a rule for those plants before it. The list's own
    /// seasonal columns are not checked: the bureau's list is its decision.
    pub(super) fn apply_seasonal(
        &mut self,
        rules: &[SeasonalRule],
        raw: &[Spanned<RawSeasonal>],
        list: &mut [Enterprise],
        catalog: &Catalog,
    ) {
        for (r, names) in rules.iter().zip(assign(rules, list, catalog)) {
            let Some(first) = names.first() else { continue };
            let more = match names.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            let control = &raw[r.index].value.control;
            self.at(
                control,
                &format!("seasonal[{}].control", r.index),
                format!(
                    "'{}' would take {first}{more} past what the industry can physically do \
                     (the measure catalog's limits): name the industries this rule is for, or \
                     put a rule for those plants before it",
                    control.value.trim(),
                ),
            );
        }
    }
}

/// Gives each enterprise without a seasonal control of its own the first rule that covers it,
/// unless the control is past its industry's limit. Returns, per rule, the enterprises it
/// left out for that reason (id, name, industry and limit, for the message).
fn assign(rules: &[SeasonalRule], list: &mut [Enterprise], catalog: &Catalog) -> Vec<Vec<String>> {
    let mut past: Vec<Vec<String>> = vec![Vec::new(); rules.len()];
    for e in list.iter_mut().filter(|e| e.seasonal.is_none()) {
        let Some((k, r)) = rules.iter().enumerate().find(|(_, r)| r.covers(e, catalog)) else {
            continue;
        };
        if let Some(limit) = catalog.limit(&e.industry)
            && r.control.share() > limit.form.cap()
        {
            past[k].push(format!(
                "{} {} ({}, at most {})",
                e.id,
                e.name,
                catalog.industry_label(&e.industry, false),
                limit.form.cap()
            ));
            continue;
        }
        e.seasonal = Some(Seasonal {
            control: r.control,
            start: r.start,
            end: r.end,
            source: SeasonalSource::Rule {
                index: r.index,
                document: r.document.clone(),
            },
        });
    }
    past
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emissions::Share;
    use crate::measures::model::tests::ent;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn rule(industries: &[&str], grades: &[Grade], control: SeasonalControl) -> SeasonalRule {
        SeasonalRule {
            index: 0,
            industries: industries.iter().map(|s| s.to_string()).collect(),
            grades: grades.to_vec(),
            cities: Vec::new(),
            control,
            start: day(11, 15),
            end: day(12, 31),
            document: Some("示例".into()),
        }
    }

    #[test]
    fn the_first_covering_rule_applies_and_the_list_wins() {
        let catalog = Catalog::shipped();
        let mut list = vec![ent(), ent(), ent(), ent()];
        list[0].industry = "水泥".into(); // the Chinese name of the rule's industry
        list[1].protected = Some("保障供热".into());
        list[2].grade = Grade::B;
        list[3].seasonal = Some(Seasonal {
            control: SeasonalControl::Staggered(Share(500_000)),
            start: day(12, 1),
            end: day(12, 10),
            source: SeasonalSource::List,
        });
        let rules = [
            rule(&["cement"], &[Grade::C], SeasonalControl::Stop),
            rule(&[], &[], SeasonalControl::Staggered(Share(300_000))),
        ];
        let rules: Vec<SeasonalRule> = rules
            .into_iter()
            .enumerate()
            .map(|(index, r)| SeasonalRule { index, ..r })
            .collect();
        assert!(
            assign(&rules, &mut list, &catalog)
                .iter()
                .all(Vec::is_empty)
        );
        let got: Vec<_> = list
            .iter()
            .map(|e| e.seasonal.as_ref().map(|s| (s.control, s.source.clone())))
            .collect();
        let by = |index| SeasonalSource::Rule {
            index,
            document: Some("示例".into()),
        };
        assert_eq!(
            got,
            [
                Some((SeasonalControl::Stop, by(0))),
                None,
                Some((SeasonalControl::Staggered(Share(300_000)), by(1))),
                Some((
                    SeasonalControl::Staggered(Share(500_000)),
                    SeasonalSource::List
                )),
            ]
        );
    }

    #[test]
    fn a_rule_past_an_industry_limit_leaves_those_plants_out() {
        let catalog = Catalog::shipped();
        let mut list = vec![ent(), ent(), ent()];
        list[0].industry = "coking".into();
        list[0].id = "K1".into();
        list[1].industry = "玻璃".into();
        list[1].id = "G1".into();
        list[2].industry = "cement".into();
        // "All D (here: C) plants stopped for the season", written for every industry.
        let rules = [rule(&[], &[Grade::C], SeasonalControl::Stop)];
        let past = assign(&rules, &mut list, &catalog);
        assert_eq!(past.len(), 1);
        assert_eq!(past[0].len(), 2, "{past:?}");
        assert!(past[0][0].starts_with("K1 ") && past[0][0].ends_with("(coking, at most 50%)"));
        assert!(past[0][1].starts_with("G1 ") && past[0][1].ends_with("(glass, at most 30%)"));
        assert!(list[0].seasonal.is_none() && list[1].seasonal.is_none());
        assert_eq!(
            list[2].seasonal.as_ref().unwrap().control,
            SeasonalControl::Stop
        );
        // Staggered within the limit: applied.
        let mut list = vec![ent()];
        list[0].industry = "coking".into();
        let rules = [rule(&[], &[], SeasonalControl::Staggered(Share(300_000)))];
        assert!(assign(&rules, &mut list, &catalog)[0].is_empty());
        assert!(list[0].seasonal.is_some());
    }
}
