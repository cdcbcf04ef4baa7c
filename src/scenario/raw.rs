//! The scenario YAML as written: serde structs that mirror the file, with `deny_unknown_fields`
//! so a misspelt key is an error, and [`Spanned`] on every value a later check may need to
//! point at. Values with a closed set of spellings (standard, level, format …) stay text here
//! and are parsed in `validate`, so all their problems are reported together instead of one
//! serde error at a time.
//!
//! The key reserved for a later issue (`projection`) is not a field yet: it is refused as an
//! unknown key until its stage exists. Adding one is adding a field here, its keys to
//! `keys::allowed_keys` and a check in `validate`.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::alert::WarningLevel;
use crate::alert::rules::RuleOverrides;

/// The top level of a scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub name: Spanned<String>,
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    #[serde(default)]
    pub authority: Option<Spanned<String>>,
    #[serde(default)]
    pub document: Option<Spanned<String>>,
    pub period: Spanned<RawPeriod>,
    #[serde(default)]
    pub standard: Option<Spanned<String>>,
    #[serde(default)]
    pub rules: Option<Spanned<ScalarOr<RuleOverrides>>>,
    #[serde(default)]
    pub stations: Option<Spanned<String>>,
    pub cities: Spanned<Vec<Spanned<ScalarOr<RawCity>>>>,
    // Optional lists are `Option` so that a key left empty (`regions:`) means none.
    #[serde(default)]
    pub regions: Option<Vec<Spanned<ScalarOr<RawRegion>>>>,
    #[serde(default)]
    pub observations: Option<Spanned<RawObservations>>,
    pub forecast: Spanned<ScalarOr<RawForecastTable>>,
    #[serde(default)]
    pub dispatch: Option<Vec<Spanned<RawDispatch>>>,
    /// The emission inventory CSV.
    #[serde(default)]
    pub inventory: Option<Spanned<String>>,
    /// The enterprise list: a CSV file or a workbook, or `{file, sheet}`.
    #[serde(default)]
    pub enterprises: Option<Spanned<ScalarOr<RawListFile>>>,
    /// `default` (the shipped catalog) or a catalog file.
    #[serde(default)]
    pub measures: Option<Spanned<String>>,
    #[serde(default)]
    pub targets: Option<Spanned<RawTargets>>,
    #[serde(default)]
    pub tighten: Option<bool>,
    /// Also write plan.xlsx (`run --xlsx`).
    #[serde(default)]
    pub xlsx: Option<bool>,
    /// Seasonal controls (错峰) in force, the baseline of the warning measures.
    #[serde(default)]
    pub seasonal: Option<Vec<Spanned<RawSeasonal>>>,
    /// Projection parameters (docs/projection.md).
    #[serde(default)]
    pub projection: Option<Spanned<crate::projection::RawProjection>>,
}

/// Keys reserved for later issues; refused with a note rather than a suggestion.
pub(crate) const RESERVED_KEYS: [&str; 0] = [];

/// `period: {start, end}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPeriod {
    pub start: Spanned<String>,
    pub end: Spanned<String>,
}

/// A city written as a mapping; the shorthand is just its name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCity {
    pub name: Spanned<String>,
    #[serde(default)]
    pub stations: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub counties: Option<Vec<Spanned<ScalarOr<RawCounty>>>>,
    /// The city's own orders (checked in `scenario::orders`).
    #[serde(default)]
    pub orders: Option<Spanned<RawCityOrders>>,
}

/// `cities[].orders`: what the city's plan changes in the catalog's orders.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCityOrders {
    #[serde(default)]
    pub fill: Option<Keyed<String>>,
    #[serde(default)]
    pub enable: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub disable: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub replace: Option<Keyed<RawLocalText>>,
}

/// `cities[].orders.replace.ID`: the city's own wording of an order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLocalText {
    pub measure: Spanned<String>,
    #[serde(default)]
    pub measure_en: Option<Spanned<String>>,
}

/// A county written as a mapping; the shorthand is just its name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCounty {
    pub name: Spanned<String>,
    #[serde(default)]
    pub stations: Option<Vec<Spanned<String>>>,
}

/// A place written as its name or as a mapping with a name and stations (a city, a county).
pub(crate) trait Place {
    fn parts(&self) -> (&Spanned<String>, &[Spanned<String>]);
}

impl Place for RawCity {
    fn parts(&self) -> (&Spanned<String>, &[Spanned<String>]) {
        (&self.name, self.stations.as_deref().unwrap_or_default())
    }
}

impl Place for RawCounty {
    fn parts(&self) -> (&Spanned<String>, &[Spanned<String>]) {
        (&self.name, self.stations.as_deref().unwrap_or_default())
    }
}

/// The name (located where it is written) and station codes of a place.
pub(crate) fn place<T: Place>(
    entry: &Spanned<ScalarOr<T>>,
) -> (Spanned<String>, &[Spanned<String>]) {
    match &entry.value {
        ScalarOr::Scalar(n) => (
            Spanned::new(n.clone(), entry.referenced, entry.defined),
            &[][..],
        ),
        ScalarOr::Map(m) => {
            let (name, codes) = m.parts();
            (name.clone(), codes)
        }
    }
}

/// Counties by city: `{忻州: [忻府区, 定襄县]}`.
pub(crate) type RawCounties = Spanned<Keyed<Vec<Spanned<String>>>>;

/// A region of joint control. With only a name (or as a plain name) it is one of the shipped
/// regions (`regions/shanxi.yaml`), its members outside the scenario ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRegion {
    pub name: Spanned<String>,
    #[serde(default)]
    pub cities: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub counties: Option<RawCounties>,
    #[serde(default)]
    pub trigger: Option<Spanned<RawTrigger>>,
    #[serde(default)]
    pub stricter: Option<bool>,
}

/// `trigger: {min_cities: N}` or `{min_share: X}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrigger {
    #[serde(default)]
    pub min_cities: Option<Spanned<u32>>,
    #[serde(default)]
    pub min_share: Option<Spanned<f64>>,
}

/// Monitoring files, as `hazeplan aqi INPUT...` reads them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawObservations {
    pub files: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub format: Option<Spanned<String>>,
    #[serde(default)]
    pub map: Option<Spanned<Pairs>>,
    #[serde(default)]
    pub co_unit: Option<Spanned<String>>,
    #[serde(default)]
    pub city: Option<Spanned<String>>,
}

/// `forecast: {file, resolution, quantity}` (the shorthand is `observed`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawForecastTable {
    pub file: Spanned<String>,
    #[serde(default)]
    pub resolution: Option<Spanned<String>>,
    #[serde(default)]
    pub quantity: Option<Spanned<String>>,
    /// When the table was published (for rows without an `issued` column).
    #[serde(default)]
    pub issued: Option<Spanned<String>>,
}

/// `enterprises: {file: 清单.xlsx, sheet: 应急减排清单}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawListFile {
    pub file: Spanned<String>,
    #[serde(default)]
    pub sheet: Option<Spanned<String>>,
}

/// A provincial dispatch order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDispatch {
    pub id: Spanned<String>,
    #[serde(default)]
    pub cities: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub counties: Option<RawCounties>,
    #[serde(default)]
    pub issued: Option<Spanned<String>>,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub level: Spanned<String>,
    #[serde(default)]
    pub stricter: Option<bool>,
}

/// One `seasonal:` rule: the enterprises it covers (by industry, grade and city; a key left
/// out covers all), the control and its days, and the document that orders it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSeasonal {
    #[serde(default)]
    pub industries: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub grades: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub cities: Option<Spanned<Vec<Spanned<String>>>>,
    pub control: Spanned<String>,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    #[serde(default)]
    pub document: Option<Spanned<String>>,
}

/// `targets:` the reduction share per level, and per-city overrides. Shares stay text (`10%`,
/// `0.1`) and are parsed exactly in `validate`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTargets {
    #[serde(default)]
    pub blue: Option<Spanned<String>>,
    #[serde(default)]
    pub yellow: Option<Spanned<String>>,
    #[serde(default)]
    pub orange: Option<Spanned<String>>,
    #[serde(default)]
    pub red: Option<Spanned<String>>,
    #[serde(default)]
    pub cities: Option<Spanned<Keyed<RawLevelShares>>>,
    #[serde(default)]
    pub count_estimates: Option<Spanned<bool>>,
}

impl RawTargets {
    /// The shares given, by level, lowest first.
    pub fn levels(&self) -> [(WarningLevel, Option<&Spanned<String>>); 4] {
        levels(&self.blue, &self.yellow, &self.orange, &self.red)
    }
}

/// A city's overrides under `targets.cities`: `{orange: 30%}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLevelShares {
    #[serde(default)]
    pub blue: Option<Spanned<String>>,
    #[serde(default)]
    pub yellow: Option<Spanned<String>>,
    #[serde(default)]
    pub orange: Option<Spanned<String>>,
    #[serde(default)]
    pub red: Option<Spanned<String>>,
}

impl RawLevelShares {
    /// The shares given, by level, lowest first.
    pub fn levels(&self) -> [(WarningLevel, Option<&Spanned<String>>); 4] {
        levels(&self.blue, &self.yellow, &self.orange, &self.red)
    }
}

type Share<'a> = Option<&'a Spanned<String>>;

fn levels<'a>(
    blue: &'a Option<Spanned<String>>,
    yellow: &'a Option<Spanned<String>>,
    orange: &'a Option<Spanned<String>>,
    red: &'a Option<Spanned<String>>,
) -> [(WarningLevel, Share<'a>); 4] {
    [
        (WarningLevel::Blue, blue.as_ref()),
        (WarningLevel::Yellow, yellow.as_ref()),
        (WarningLevel::Orange, orange.as_ref()),
        (WarningLevel::Red, red.as_ref()),
    ]
}

/// A mapping of names to values in file order, each name and value with its location
/// (`cities: {太原: {orange: 30%}}`): the names are checked in `validate`, so every unknown
/// city is reported, not serde's first.
#[derive(Debug)]
pub(crate) struct Keyed<T>(pub Vec<(Spanned<String>, Spanned<T>)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Keyed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Keyed<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping (key: value)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Keyed<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key()? {
                    out.push((k, m.next_value()?));
                }
                Ok(Keyed(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// A mapping of text to text, in file order, each key and value with its location
/// (`map: {pm25: PM2.5}`).
#[derive(Debug, Default)]
pub(crate) struct Pairs(pub Vec<(Spanned<String>, Spanned<String>)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of field to column")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Pairs, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key()? {
                    out.push((k, m.next_value()?));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// What a mapping-or-shorthand value is, for the "expected …" of type errors.
pub(crate) trait Described {
    /// `a city name or a mapping with name and stations`.
    const EXPECTING: &'static str;
}

impl Described for RawCity {
    const EXPECTING: &'static str = "a city name or a mapping with name and stations";
}

impl Described for RawCounty {
    const EXPECTING: &'static str = "a county name or a mapping with name and stations";
}

impl Described for RawRegion {
    const EXPECTING: &'static str =
        "a shipped region's name or a mapping with name, cities, counties and trigger";
}

impl Described for RawListFile {
    const EXPECTING: &'static str = "a file name or a mapping with file and sheet";
}

impl Described for RuleOverrides {
    const EXPECTING: &'static str = "a rule set name or a mapping of overrides";
}

impl Described for RawForecastTable {
    const EXPECTING: &'static str = "'observed' or a mapping with file, resolution and quantity";
}

/// A value that is either a word (a name, `observed`) or a mapping. Written by hand rather
/// than `#[serde(untagged)]`: untagged enums buffer the value, which loses the locations of
/// `Spanned` fields inside and turns every error into "did not match any variant".
#[derive(Debug)]
pub(crate) enum ScalarOr<T> {
    /// The shorthand.
    Scalar(String),
    /// The full mapping.
    Map(T),
}

impl<'de, T: Deserialize<'de> + Described> Deserialize<'de> for ScalarOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Described> Visitor<'de> for V<T> {
            type Value = ScalarOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(T::EXPECTING)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(ScalarOr::Scalar(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(m)).map(ScalarOr::Map)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}
