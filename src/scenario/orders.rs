//! `cities[].orders`: each city's own wording of the catalog's orders (practice.md 5: orders
//! are set per city by its own plan; "Taiyuan's ring roads are Taiyuan's"), checked against
//! the measure catalog: placeholder values only for placeholders the catalog declares, and
//! enabled, disabled and replaced orders by ids the catalog has, each unknown name with its
//! key path and a suggestion.

use serde_saphyr::Spanned;

use super::raw::{RawCity, RawCityOrders, ScalarOr};
use super::validate::Checker;
use crate::diag::suggest::hint_or_list;
use crate::measures::wording::{self, normalize};
use crate::measures::{Catalog, CityOrders, LocalText};

impl Checker<'_> {
    /// The orders of each city of the list, in its order (a city without `orders`: none
    /// changed). `catalog_ok`: the catalog loaded, so its ids and placeholders are known;
    /// otherwise only the form is checked, as the catalog's own problems are reported.
    pub(super) fn city_orders(
        &mut self,
        cities: &Spanned<Vec<Spanned<ScalarOr<RawCity>>>>,
        catalog: &Catalog,
        catalog_ok: bool,
    ) -> Vec<CityOrders> {
        let mut out = Vec::new();
        for (i, c) in cities.value.iter().enumerate() {
            let own = match &c.value {
                ScalarOr::Map(RawCity {
                    orders: Some(o), ..
                }) => self.own_orders(
                    &o.value,
                    &format!("cities[{i}].orders"),
                    catalog,
                    catalog_ok,
                ),
                _ => CityOrders::default(),
            };
            out.push(own);
        }
        out
    }

    fn own_orders(
        &mut self,
        raw: &RawCityOrders,
        path: &str,
        catalog: &Catalog,
        known: bool,
    ) -> CityOrders {
        let ids: Vec<&str> = catalog.orders.iter().map(|o| o.id.as_str()).collect();
        let names: Vec<&str> = catalog
            .placeholders
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        let mut out = CityOrders::default();
        for (key, value) in raw.fill.iter().flat_map(|f| &f.0) {
            let (name, kpath) = (
                key.value.trim(),
                format!("{path}.fill.{}", key.value.trim()),
            );
            if known && !names.contains(&name) {
                self.unknown_placeholder(key, &kpath, name, &names, false);
                continue;
            }
            let v = normalize(&value.value);
            if v.is_empty() {
                self.at(
                    value,
                    &kpath,
                    "the value is empty (omit it for the catalog's default)",
                );
                continue;
            }
            out.fill.insert(name.to_string(), v);
        }
        for (list, which) in [(&raw.enable, "enable"), (&raw.disable, "disable")] {
            for (k, v) in list.iter().flatten().enumerate() {
                let (id, vpath) = (v.value.trim(), format!("{path}.{which}[{k}]"));
                if known && !ids.contains(&id) {
                    self.unknown(v, &vpath, "order", &ids);
                    continue;
                }
                let other = if which == "enable" {
                    &out.disable
                } else {
                    &out.enable
                };
                if other.iter().any(|x| x == id) {
                    self.at(
                        v,
                        &vpath,
                        format!("order '{id}' is both enabled and disabled"),
                    );
                    continue;
                }
                let ours = if which == "enable" {
                    &mut out.enable
                } else {
                    &mut out.disable
                };
                if !ours.iter().any(|x| x == id) {
                    ours.push(id.to_string());
                }
            }
        }
        for (key, text) in raw.replace.iter().flat_map(|r| &r.0) {
            let (id, kpath) = (
                key.value.trim(),
                format!("{path}.replace.{}", key.value.trim()),
            );
            if known && !ids.contains(&id) {
                self.unknown(key, &kpath, "order", &ids);
                continue;
            }
            let t = &text.value;
            let measure = normalize(&t.measure.value);
            if measure.is_empty() {
                self.at(
                    &t.measure,
                    &format!("{kpath}.measure"),
                    "the measure is empty",
                );
                continue;
            }
            let mut ok = true;
            for (v, field) in [
                (Some(&t.measure), "measure"),
                (t.measure_en.as_ref(), "measure_en"),
            ] {
                if let Some(v) = v {
                    ok &= self.template(v, &format!("{kpath}.{field}"), &names, known);
                }
            }
            if ok {
                let measure_en = t
                    .measure_en
                    .as_ref()
                    .map(|e| normalize(&e.value))
                    .filter(|e| !e.is_empty());
                out.replace.insert(
                    id.to_string(),
                    LocalText {
                        measure,
                        measure_en,
                    },
                );
            }
        }
        out
    }

    /// Checks the placeholders of a city's own text; `false` if it has a problem.
    fn template(&mut self, v: &Spanned<String>, path: &str, names: &[&str], known: bool) -> bool {
        match wording::placeholders(&v.value) {
            Err(why) => {
                self.at(v, path, why);
                false
            }
            Ok(used) => {
                let unknown: Vec<&str> = used
                    .into_iter()
                    .filter(|u| known && !names.contains(u))
                    .collect();
                for u in &unknown {
                    self.unknown_placeholder(v, path, u, names, true);
                }
                unknown.is_empty()
            }
        }
    }

    /// `unknown placeholder 'x'` (as a key) or `'{x}'` (in a text), with a suggestion.
    fn unknown_placeholder<T>(
        &mut self,
        v: &Spanned<T>,
        path: &str,
        name: &str,
        names: &[&str],
        in_text: bool,
    ) {
        let note = if names.is_empty() {
            " (the measure catalog declares none)".to_string()
        } else {
            hint_or_list(name, names)
        };
        let shown = if in_text {
            format!("{{{name}}}")
        } else {
            name.to_string()
        };
        self.at(v, path, format!("unknown placeholder '{shown}'{note}"));
    }
}
