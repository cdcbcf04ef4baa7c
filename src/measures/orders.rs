//! Each city's own orders: the catalog's orders are templates, a city fills, enables,
//! disables or replaces them, and per subject only one order is in force.
//!
//! Rules (issue #12 item 6), with their sources:
//! - Traffic, non-road machinery and dust orders are set per city by its own plan ("Taiyuan's
//!   ring roads are Taiyuan's"), with time windows (Xi'an: trucks banned 07:00-21:00)
//!   (practice.md 5; standards.md 6.1-6.2): order texts are templates with `{name}`
//!   placeholders a city fills ([`CityOrders::fill`]), else the catalog's default.
//! - "A stricter order on the same subject replaces the weaker one (国三 replaces 国二 for
//!   non-road machinery); a plan never lists both" (practice.md 5): per subject the order in
//!   force is the one of the highest level up to the window's, a stricter (加严) one before a
//!   plain one of the same level where stricter measures apply ([`Catalog::orders_in_force`]).
//! - "Red often closes schools and kindergartens" (practice.md 5: 运城 2017-12-28, Liaocheng
//!   2021): often, not always, so such an order is `optional` in the catalog and in force only
//!   in a city that enables it.
//! - Enterprise transport (no 国四/国五 heavy trucks at orange/red) is part of the list's
//!   enterprise actions (practice.md 4; standards.md 6.3, where the national rule is
//!   UNVERIFIED): [`TransportRule`], attached to each enterprise's action, not an order.

use std::collections::BTreeMap;

use super::catalog::{Catalog, Placeholder, SectorMeasure, TransportRule};
use super::wording;
use crate::alert::WarningLevel;

/// A city's own wording of an order (`cities[].orders.replace`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalText {
    /// The order as the city's plan words it; may use placeholders.
    pub measure: String,
    /// Its English rendering; none: the Chinese text serves in English reports too.
    pub measure_en: Option<String>,
}

/// What a city's plan changes in the catalog's orders (`cities[].orders` in a scenario).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CityOrders {
    /// Placeholder values (`urban_area: 高速环内`, `truck_hours: 07:00-21:00`).
    pub fill: BTreeMap<String, String>,
    /// Optional orders in force in this city (`school_closure`), by order id.
    pub enable: Vec<String>,
    /// Orders not in force in this city, by order id.
    pub disable: Vec<String>,
    /// The city's own wording of orders, by order id. The order's level, subject and effect
    /// stay the catalog's.
    pub replace: BTreeMap<String, LocalText>,
}

impl Catalog {
    /// The placeholder of this name.
    pub fn placeholder(&self, name: &str) -> Option<&Placeholder> {
        self.placeholders.iter().find(|p| p.name == name)
    }

    /// The order of this id.
    pub fn order(&self, id: &str) -> Option<&SectorMeasure> {
        self.orders.iter().find(|o| o.id == id)
    }

    /// The orders in force in a city at a level, one per subject, with the city's texts.
    ///
    /// An order is a candidate at its level and every higher one (a stricter one only where
    /// stricter measures apply; an optional one only where the city enables it; none the city
    /// disables). Per subject the candidate of the highest level wins, and at the same level a
    /// stricter one wins over a plain one: it replaces it (practice.md 5). Subjects keep the
    /// order of their first order in the catalog.
    pub fn orders_in_force(
        &self,
        level: WarningLevel,
        stricter: bool,
        city: &CityOrders,
    ) -> Vec<SectorMeasure> {
        if !level.is_warning() {
            return Vec::new();
        }
        let mut chosen: Vec<&SectorMeasure> = Vec::new();
        for o in &self.orders {
            let candidate = o.level <= level
                && (stricter || !o.stricter)
                && (!o.optional || city.enable.contains(&o.id))
                && !city.disable.contains(&o.id);
            if !candidate {
                continue;
            }
            match chosen.iter_mut().find(|c| c.subject == o.subject) {
                Some(c) if (o.level, o.stricter) > (c.level, c.stricter) => *c = o,
                Some(_) => {}
                None => chosen.push(o),
            }
        }
        chosen.into_iter().map(|o| self.localize(o, city)).collect()
    }

    /// The order with the city's text (its own wording where it replaces it) and its
    /// placeholders filled (the city's values, else the catalog's defaults).
    pub fn localize(&self, o: &SectorMeasure, city: &CityOrders) -> SectorMeasure {
        let (zh, en) = match city.replace.get(&o.id) {
            Some(local) => (&local.measure, local.measure_en.as_ref()),
            None => (&o.measure, o.measure_en.as_ref()),
        };
        let value_zh = |name: &str| {
            city.fill
                .get(name)
                .or_else(|| self.placeholder(name).map(|p| &p.default))
                .map(String::as_str)
        };
        let value_en = |name: &str| {
            city.fill
                .get(name)
                .or_else(|| {
                    self.placeholder(name)
                        .map(|p| p.default_en.as_ref().unwrap_or(&p.default))
                })
                .map(String::as_str)
        };
        SectorMeasure {
            measure: wording::fill(zh, value_zh),
            measure_en: en.map(|t| wording::fill(t, value_en)),
            ..o.clone()
        }
    }

    /// The enterprise transport rule at a level: the rule of the highest level up to it.
    pub fn transport_at(&self, level: WarningLevel) -> Option<&TransportRule> {
        if !level.is_warning() {
            return None;
        }
        self.transport.iter().rfind(|t| t.level <= level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emissions::{EmissionPollutant, Sector, Share};

    const N: WarningLevel = WarningLevel::None;
    const BL: WarningLevel = WarningLevel::Blue;
    const Y: WarningLevel = WarningLevel::Yellow;
    const O: WarningLevel = WarningLevel::Orange;
    const R: WarningLevel = WarningLevel::Red;

    fn shipped() -> Catalog {
        Catalog::shipped()
    }

    #[test]
    fn one_order_per_subject_the_strictest() {
        let cat = shipped();
        let none = CityOrders::default();
        let ids = |level, stricter| -> Vec<String> {
            cat.orders_in_force(level, stricter, &none)
                .into_iter()
                .map(|o| o.id)
                .collect()
        };
        assert!(ids(N, false).is_empty() && ids(N, true).is_empty());
        assert_eq!(ids(BL, false), ["fireworks", "open_burning"]);
        assert_eq!(
            ids(O, false),
            [
                "green_travel",
                "heavy_trucks",
                "non_road_machinery",
                "road_cleaning",
                "earthworks",
                "fireworks",
                "open_burning",
                "school_outdoor",
            ]
        );
        // Red adds odd-even, bulk transport and construction; school closure is optional.
        assert_eq!(ids(R, false).len(), 11);
        assert!(ids(R, false).contains(&"school_outdoor".to_string()));
        // Stricter: 国三 replaces 国二, the 2025 truck ban the plain one, never both.
        let strict = ids(R, true);
        assert!(strict.contains(&"non_road_machinery_stricter".to_string()));
        assert!(!strict.contains(&"non_road_machinery".to_string()));
        assert!(strict.contains(&"heavy_trucks_stricter".to_string()));
        assert!(!strict.contains(&"heavy_trucks".to_string()));
        assert!(strict.contains(&"muck_trucks".to_string()));
        assert!(!ids(Y, true).contains(&"muck_trucks".to_string()));
        for level in [BL, Y, O, R] {
            for stricter in [false, true] {
                let orders = cat.orders_in_force(level, stricter, &none);
                let mut subjects: Vec<&str> = orders.iter().map(|o| o.subject.as_str()).collect();
                subjects.sort_unstable();
                let n = subjects.len();
                subjects.dedup();
                assert_eq!(subjects.len(), n, "{level} {stricter}");
                assert!(orders.iter().all(|o| stricter || !o.stricter));
            }
        }
    }

    #[test]
    fn a_city_fills_enables_disables_and_replaces() {
        let cat = shipped();
        let text = |city: &CityOrders, level, id: &str| -> Option<String> {
            cat.orders_in_force(level, false, city)
                .into_iter()
                .find(|o| o.id == id)
                .map(|o| o.measure)
        };
        // Defaults: no city's place names, no stray spaces.
        let none = CityOrders::default();
        assert_eq!(
            text(&none, O, "heavy_trucks").as_deref(),
            Some("城区全天禁止国五及以下中重型货车通行（鲜活农产品、特种车辆除外）")
        );
        for o in cat.orders_in_force(R, true, &none) {
            assert!(
                !o.measure.contains("太原") && !o.measure.contains('{'),
                "{}",
                o.measure
            );
            assert!(!o.measure.contains(' '), "{}", o.measure);
        }
        let taiyuan = CityOrders {
            fill: [("urban_area", "高速环内"), ("truck_hours", "07:00-21:00")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .into(),
            enable: vec!["school_closure".into()],
            disable: vec!["odd_even".into()],
            replace: [(
                "earthworks".to_string(),
                LocalText {
                    measure: "{urban_area}停止土石方作业".into(),
                    measure_en: None,
                },
            )]
            .into(),
        };
        assert_eq!(
            text(&taiyuan, O, "heavy_trucks").as_deref(),
            Some("高速环内07:00-21:00禁止国五及以下中重型货车通行（鲜活农产品、特种车辆除外）")
        );
        let en = cat
            .orders_in_force(O, false, &taiyuan)
            .into_iter()
            .find(|o| o.id == "heavy_trucks")
            .and_then(|o| o.measure_en)
            .unwrap();
        assert!(en.contains("banned in 高速环内, 07:00-21:00"), "{en}");
        // Closure replaces the outdoor-activity order of its subject at red.
        assert_eq!(
            text(&taiyuan, R, "school_closure").as_deref(),
            Some("中小学、幼儿园停课")
        );
        assert_eq!(text(&taiyuan, R, "school_outdoor"), None);
        assert_eq!(text(&none, R, "school_closure"), None);
        assert_eq!(text(&taiyuan, R, "odd_even"), None);
        // The city's own wording, filled; its English falls back to the Chinese.
        let local = cat
            .orders_in_force(O, false, &taiyuan)
            .into_iter()
            .find(|o| o.id == "earthworks")
            .unwrap();
        assert_eq!(local.measure, "高速环内停止土石方作业");
        assert_eq!(local.measure_en, None);
        assert_eq!(local.effect, cat.order("earthworks").unwrap().effect);
    }

    #[test]
    fn transport_rules_by_level() {
        let cat = shipped();
        assert_eq!(cat.transport_at(Y), None);
        assert!(cat.transport_at(O).unwrap().measure.contains("国四及以下"));
        assert!(cat.transport_at(R).unwrap().measure.contains("国五及以下"));
        // Not in the traffic orders any more.
        assert!(
            cat.orders
                .iter()
                .all(|o| !o.measure.contains("国四及以下重型载货车辆"))
        );
    }

    #[test]
    fn order_effects_add_up_to_the_documented_totals() {
        let cat = shipped();
        let total = |level, stricter, sector| -> [Share; 4] {
            let mut t = [0u32; 4];
            for o in cat.orders_in_force(level, stricter, &CityOrders::default()) {
                if o.sector == sector {
                    for p in EmissionPollutant::ALL {
                        t[p as usize] += o.effect[p as usize].ppm();
                    }
                }
            }
            t.map(Share)
        };
        let pct = |v: [u32; 4]| v.map(|p| Share(p * 10_000));
        assert_eq!(total(Y, false, Sector::Traffic), pct([0, 0, 0, 0]));
        assert_eq!(total(O, false, Sector::Traffic), pct([1, 15, 10, 5]));
        assert_eq!(total(R, false, Sector::Traffic), pct([2, 30, 20, 15]));
        // A replaced order counts no more: the stricter orders' totals, not their sums.
        assert_eq!(total(O, true, Sector::Traffic), pct([1, 20, 15, 7]));
        assert_eq!(total(R, true, Sector::Traffic), pct([2, 35, 25, 17]));
        assert_eq!(total(Y, false, Sector::Dust), pct([0, 0, 0, 0]));
        assert_eq!(total(O, false, Sector::Dust), pct([0, 0, 30, 0]));
        assert_eq!(total(R, false, Sector::Dust), pct([0, 0, 50, 0]));
        assert_eq!(total(R, true, Sector::Other), pct([0, 0, 0, 0]));
        assert!(
            cat.orders
                .iter()
                .all(|o| o.sector == o.kind.default_sector())
        );
    }
}
