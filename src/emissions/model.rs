//! Exact emission quantities and the inventory and target types.
//!
//! Tonnages are kept in micro-tonnes per day (integers) and shares in parts per million, so
//! that "reduced / inventory >= target" is decided by integer arithmetic, never by floats.

use std::collections::BTreeMap;
use std::fmt;

use crate::alert::WarningLevel;
use crate::units::Concentration;

/// The pollutants whose society-wide emissions must fall by the level's share (SO2, NOx,
/// particulate matter, VOCs; standards.md 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EmissionPollutant {
    /// Sulphur dioxide.
    So2,
    /// Nitrogen oxides.
    Nox,
    /// Particulate matter (颗粒物).
    Pm,
    /// Volatile organic compounds.
    Vocs,
}

impl EmissionPollutant {
    /// All four, in column order.
    pub const ALL: [EmissionPollutant; 4] = [
        EmissionPollutant::So2,
        EmissionPollutant::Nox,
        EmissionPollutant::Pm,
        EmissionPollutant::Vocs,
    ];

    /// Column key: `so2`, `nox`, `pm`, `vocs`.
    pub fn key(self) -> &'static str {
        ["so2", "nox", "pm", "vocs"][self as usize]
    }

    /// Display name: SO2, NOx, PM, VOCs.
    pub fn name(self) -> &'static str {
        ["SO2", "NOx", "PM", "VOCs"][self as usize]
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        ["二氧化硫", "氮氧化物", "颗粒物", "挥发性有机物"][self as usize]
    }
}

/// A fixed array with one value per variant of a key enum, indexed by the enum: the
/// per-pollutant and per-sector arrays of the accounting (never indexed by a bare number).
macro_rules! per_key {
    ($(#[$doc:meta])* $name:ident, $key:ident, $n:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name<T>(pub [T; $n]);

        impl<T> $name<T> {
            /// Builds each value from its key.
            pub fn from_fn(mut f: impl FnMut($key) -> T) -> Self {
                $name($key::ALL.map(&mut f))
            }

            /// Each key with its value, in the key's `ALL` order.
            pub fn iter(&self) -> impl Iterator<Item = ($key, &T)> {
                $key::ALL.into_iter().zip(self.0.iter())
            }
        }

        impl<T> std::ops::Index<$key> for $name<T> {
            type Output = T;
            fn index(&self, k: $key) -> &T {
                &self.0[k as usize]
            }
        }

        impl<T> std::ops::IndexMut<$key> for $name<T> {
            fn index_mut(&mut self, k: $key) -> &mut T {
                &mut self.0[k as usize]
            }
        }
    };
}

per_key!(
    /// One value per pollutant, indexed by [`EmissionPollutant`].
    PerPollutant,
    EmissionPollutant,
    4
);

impl std::ops::Add for PerPollutant<u128> {
    type Output = PerPollutant<u128>;
    fn add(self, o: PerPollutant<u128>) -> PerPollutant<u128> {
        PerPollutant::from_fn(|p| self[p] + o[p])
    }
}

impl std::ops::AddAssign for PerPollutant<u128> {
    fn add_assign(&mut self, o: PerPollutant<u128>) {
        *self = *self + o;
    }
}

/// An exact tonnage per day, in micro-tonnes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tonnes(pub u64);

impl Tonnes {
    /// Parses a non-negative decimal (`12.5`) exactly (up to six decimals).
    pub fn parse(text: &str) -> Result<Tonnes, crate::units::ConcentrationError> {
        Concentration::parse_scaled(text, 0).map(|c| Tonnes(c.to_micro()))
    }

    /// Micro-tonnes.
    pub fn micro(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Tonnes {
    /// Up to six decimals, trailing zeros dropped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (i, d) = (self.0 / 1_000_000, self.0 % 1_000_000);
        if d == 0 {
            write!(f, "{i}")
        } else {
            let s = format!("{d:06}");
            write!(f, "{i}.{}", s.trim_end_matches('0'))
        }
    }
}

impl std::ops::Add for Tonnes {
    type Output = Tonnes;
    fn add(self, o: Tonnes) -> Tonnes {
        Tonnes(self.0 + o.0)
    }
}

/// Daily emissions of the four pollutants, t/day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Emissions(pub [Tonnes; 4]);

impl Emissions {
    /// The tonnage of one pollutant.
    pub fn get(&self, p: EmissionPollutant) -> Tonnes {
        self.0[p as usize]
    }
}

impl std::ops::Add for Emissions {
    type Output = Emissions;
    fn add(self, o: Emissions) -> Emissions {
        Emissions(std::array::from_fn(|i| self.0[i] + o.0[i]))
    }
}

/// Emission sectors of an inventory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sector {
    /// Industrial sources (the enterprises).
    Industry,
    /// Mobile sources: road traffic and non-road machinery.
    Traffic,
    /// Fugitive dust (construction, roads, yards).
    Dust,
    /// Residential (heating, cooking).
    Residential,
    /// Everything else.
    Other,
}

impl Sector {
    /// All sectors.
    pub const ALL: [Sector; 5] = [
        Sector::Industry,
        Sector::Traffic,
        Sector::Dust,
        Sector::Residential,
        Sector::Other,
    ];

    /// Key: `industry`, `traffic`, `dust`, `residential`, `other`.
    pub fn key(self) -> &'static str {
        ["industry", "traffic", "dust", "residential", "other"][self as usize]
    }

    /// Parses a key (also Chinese: 工业, 交通/移动源, 扬尘, 居民/生活, 其他).
    pub fn parse(s: &str) -> Option<Sector> {
        Some(match s.trim() {
            "industry" | "工业" | "工业源" => Sector::Industry,
            "traffic" | "mobile" | "交通" | "移动源" => Sector::Traffic,
            "dust" | "扬尘" | "扬尘源" => Sector::Dust,
            "residential" | "居民" | "生活" | "生活源" => Sector::Residential,
            "other" | "其他" => Sector::Other,
            _ => return None,
        })
    }
}

per_key!(
    /// One value per sector, indexed by [`Sector`].
    PerSector,
    Sector,
    5
);

/// City inventories: daily emissions by sector (t/day).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    /// City -> emissions per sector.
    pub cities: BTreeMap<String, PerSector<Emissions>>,
}

impl Inventory {
    /// A city's society-wide total (全社会排放总量), the base of the targets.
    pub fn total(&self, city: &str) -> Option<Emissions> {
        self.cities
            .get(city)
            .map(|s| s.0.iter().fold(Emissions::default(), |a, b| a + *b))
    }

    /// A city's emissions of one sector.
    pub fn sector(&self, city: &str, sector: Sector) -> Option<Emissions> {
        self.cities.get(city).map(|s| s[sector])
    }
}

/// A share in parts per million (exact: 10 % is 100,000).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Share(pub u32);

/// Why a text is not a share.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// Not a number, or a negative one.
    #[error("{0}")]
    Number(crate::units::ConcentrationError),
    /// A number above 100 %.
    #[error("'{text}' is more than 100 %")]
    MoreThanAll {
        /// The text as written.
        text: String,
        /// Its value in ppm.
        ppm: u64,
        /// Written with `%`.
        percent: bool,
    },
}

impl Share {
    /// 100 %.
    pub const ALL: Share = Share(1_000_000);

    /// Parses `0.1`, `10%` or `10 %`; must lie in 0..=1.
    pub fn parse(text: &str) -> Result<Share, ShareError> {
        let t = text.trim();
        let (num, percent) = match t.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (t, false),
        };
        let c = Concentration::parse_scaled(num, if percent { 2 } else { 0 })
            .map_err(ShareError::Number)?;
        let ppm = c.to_micro();
        if ppm > 1_000_000 {
            return Err(ShareError::MoreThanAll {
                text: t.to_string(),
                ppm,
                percent,
            });
        }
        Ok(Share(ppm as u32))
    }

    /// Parts per million.
    pub fn ppm(self) -> u32 {
        self.0
    }

    /// As a number of percent with up to four decimals, for machine-read columns (`_pct`):
    /// `27.8897`, `30`.
    pub fn pct(self) -> String {
        let s = self.to_string();
        s.trim_end_matches('%').to_string()
    }
}

impl fmt::Display for Share {
    /// As a percentage with up to four decimals: `10%`, `12.5%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (i, d) = (self.0 / 10_000, self.0 % 10_000);
        if d == 0 {
            write!(f, "{i}%")
        } else {
            let s = format!("{d:04}");
            write!(f, "{i}.{}%", s.trim_end_matches('0'))
        }
    }
}

/// What a target is checked against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Basis {
    /// The enterprises' reductions only (verifiable).
    #[default]
    Listed,
    /// The enterprises' reductions plus the orders' estimated effects.
    WithEstimates,
}

impl Basis {
    /// `listed` or `listed+estimated`, as written in reductions.csv.
    pub fn id(self) -> &'static str {
        match self {
            Basis::Listed => "listed",
            Basis::WithEstimates => "listed+estimated",
        }
    }
}

/// The required reduction share per level (standards.md 4: 10 / 20 / 30 % for yellow / orange
/// / red by default, VERIFIED secondary; local plans may demand more, e.g. Taiyuan 30 % at
/// orange), with per-city overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Targets {
    /// Default share per level (blue has none unless set).
    pub default: BTreeMap<WarningLevel, Share>,
    /// City -> level -> share, overriding the default.
    pub cities: BTreeMap<String, BTreeMap<WarningLevel, Share>>,
    /// Whether the estimated effects of the traffic, dust and other orders count toward the
    /// targets (`targets.count_estimates`). Off by default: only the listed enterprises'
    /// reductions can be verified (power use, online monitoring; practice.md 6), so a target
    /// is met on them alone unless the plan says otherwise.
    pub count_estimates: bool,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            default: [
                (WarningLevel::Yellow, Share(100_000)),
                (WarningLevel::Orange, Share(200_000)),
                (WarningLevel::Red, Share(300_000)),
            ]
            .into_iter()
            .collect(),
            cities: BTreeMap::new(),
            count_estimates: false,
        }
    }
}

impl Targets {
    /// What counts toward the targets.
    pub fn basis(&self) -> Basis {
        if self.count_estimates {
            Basis::WithEstimates
        } else {
            Basis::Listed
        }
    }

    /// The share a city must cut at a level, if any.
    pub fn share(&self, city: &str, level: WarningLevel) -> Option<Share> {
        self.cities
            .get(city)
            .and_then(|m| m.get(&level))
            .or_else(|| self.default.get(&level))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_parsing() {
        assert_eq!(Tonnes::parse("12.5").unwrap(), Tonnes(12_500_000));
        assert_eq!(Tonnes::parse("0.000001").unwrap().to_string(), "0.000001");
        assert!(Tonnes::parse("-1").is_err());
        assert_eq!(Share::parse("0.1").unwrap(), Share(100_000));
        assert_eq!(Share::parse("30%").unwrap(), Share(300_000));
        assert_eq!(Share::parse("12.5 %").unwrap().to_string(), "12.5%");
        assert!(Share::parse("1.5").is_err());
    }

    #[test]
    fn targets_default_and_override() {
        let mut t = Targets::default();
        assert_eq!(t.share("太原", WarningLevel::Orange), Some(Share(200_000)));
        t.cities
            .entry("太原".into())
            .or_default()
            .insert(WarningLevel::Orange, Share(300_000));
        assert_eq!(t.share("太原", WarningLevel::Orange), Some(Share(300_000)));
        assert_eq!(t.share("晋中", WarningLevel::Orange), Some(Share(200_000)));
        assert_eq!(t.share("晋中", WarningLevel::Blue), None);
    }
}
