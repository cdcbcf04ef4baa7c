//! Enterprises and the actions a measure catalog can order them to take.

use std::fmt;

use crate::emissions::{EmissionPollutant, Emissions, PerPollutant, Share};

/// An environmental performance grade (绩效分级; standards.md 5.1). A+, A and 引领性 reduce
/// voluntarily (自主减排); the lower the grade, the stronger the mandatory measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    /// A+ (2026 guidance: selected from A, internationally leading).
    APlus,
    /// A.
    A,
    /// 引领性 (leading; industries graded leading / non-leading).
    Leading,
    /// B.
    B,
    /// B- (Shanxi practice).
    BMinus,
    /// C.
    C,
    /// 非引领性 (non-leading).
    NonLeading,
    /// D: only the legal minimum.
    D,
    /// No grade: most enterprises of a list are outside the graded industries and follow the
    /// plan's "other industries" rules (其他行业, practice.md 4).
    Ungraded,
}

impl Grade {
    /// Every grade of the graded industries.
    pub const ALL: [Grade; 8] = [
        Grade::APlus,
        Grade::A,
        Grade::Leading,
        Grade::B,
        Grade::BMinus,
        Grade::C,
        Grade::NonLeading,
        Grade::D,
    ];

    /// As written in lists: `A+`, `A`, `引领性`, `B`, `B-`, `C`, `非引领性`, `D`.
    pub fn label(self) -> &'static str {
        match self {
            Grade::APlus => "A+",
            Grade::A => "A",
            Grade::Leading => "引领性",
            Grade::B => "B",
            Grade::BMinus => "B-",
            Grade::C => "C",
            Grade::NonLeading => "非引领性",
            Grade::D => "D",
            Grade::Ungraded => "未分级",
        }
    }

    /// Parses a label (also `A级`, `a`, `leading`, `non-leading`, and `未分级`, `无`,
    /// `ungraded` for an enterprise without a grade).
    pub fn parse(s: &str) -> Option<Grade> {
        let t = s.trim();
        let t = t.strip_suffix('级').unwrap_or(t);
        Some(match t.to_ascii_uppercase().as_str() {
            "A+" => Grade::APlus,
            "A" => Grade::A,
            "B" => Grade::B,
            "B-" => Grade::BMinus,
            "C" => Grade::C,
            "D" => Grade::D,
            "引领性" | "LEADING" => Grade::Leading,
            "非引领性" | "NON-LEADING" | "NONLEADING" => Grade::NonLeading,
            "未分级" | "无" | "UNGRADED" => Grade::Ungraded,
            _ => return None,
        })
    }

    /// Performance rank, 0 for the lowest (D) to 5 (A+): "lowest grade first" when measures
    /// are added to meet a target.
    pub fn rank(self) -> u8 {
        match self {
            Grade::D => 0,
            Grade::NonLeading | Grade::C | Grade::Ungraded => 1,
            Grade::BMinus => 2,
            Grade::B => 3,
            Grade::A | Grade::Leading => 4,
            Grade::APlus => 5,
        }
    }

    /// A+, A and 引领性 take voluntary measures only: never forced (standards.md 5.2).
    pub fn voluntary_only(self) -> bool {
        matches!(self, Grade::APlus | Grade::A | Grade::Leading)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An exact amount of output value per day, in millionths of 万元 (10,000 yuan).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputValue(pub u64);

/// A process or unit of an enterprise and its share of the enterprise's emissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    /// Name as the list writes it (`烧结`, `sinter`).
    pub name: String,
    /// Share of the enterprise's emissions (all four pollutants).
    pub share: Share,
}

/// What a bureau's list (一厂一策) gives for one level: the measure as it words it and the
/// reduction of each pollutant it counts on, used as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedMeasure {
    /// The level.
    pub level: crate::alert::WarningLevel,
    /// The measure, as the list words it (`停产烧结机，焦炉延长结焦时间至36小时`).
    pub measure: String,
    /// The reduction of SO2, NOx, PM and VOCs, t/day.
    pub reduction: Emissions,
}

/// One enterprise of the emergency reduction list (应急减排清单): one row, which may be one
/// production line or process of the enterprise (`part`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enterprise {
    /// Identifier, unique in the list.
    pub id: String,
    /// Name.
    pub name: String,
    /// City (a scenario city).
    pub city: String,
    /// County (区县), if given.
    pub county: Option<String>,
    /// The production line or process this row is for (生产线/工序), when the list has a row
    /// per line.
    pub part: Option<String>,
    /// The list's own measure and reduction at each level it gives (一厂一策), lowest first;
    /// the catalog fills the other levels.
    pub listed: Vec<ListedMeasure>,
    /// Industry (`steel`, `coking`, `cement`, … as the catalog names them).
    pub industry: String,
    /// Performance grade.
    pub grade: Grade,
    /// Protected (保障类, 豁免) with its reason: never curtailed.
    pub protected: Option<String>,
    /// Baseline daily emissions (减排基数), t/day.
    pub emissions: Emissions,
    /// Output value per day, for the least-lost-output rule of `tighten`.
    pub output_value: OutputValue,
    /// Processes with their shares of the emissions, for "stop process" measures.
    pub processes: Vec<Process>,
    /// Number of production lines or units, for "stop a share of units" measures.
    pub units: Option<u32>,
    /// Line in the enterprise file, for messages.
    pub line: u64,
}

/// What an enterprise must do at a level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Nothing at this level.
    None,
    /// 自主减排: voluntary measures, no mandatory cut (A+, A, 引领性).
    Voluntary,
    /// 保障类 / 豁免: never curtailed.
    Protected,
    /// Cut output (or feed) by a share (限产).
    CutOutput(Share),
    /// Stop the named processes (停产工序).
    StopProcesses(Vec<String>),
    /// Stop a share of the production lines or units, rounded up to whole units (按生产线计).
    StopUnits(Share),
    /// Staggered production (错峰生产): off for this share of the time.
    Staggered(Share),
    /// Stop production (停产).
    Stop,
    /// The bureau's own measure for this enterprise and level, with its reduction as given
    /// (一厂一策).
    Listed {
        /// The measure as the list words it.
        measure: String,
        /// The reduction of SO2, NOx, PM and VOCs, t/day.
        reduction: Emissions,
    },
}

impl Action {
    /// The share of the enterprise's emissions this action removes (the same share for each
    /// of the four pollutants, which scale with production).
    pub fn reduction(&self, e: &Enterprise) -> Share {
        match self {
            Action::None | Action::Voluntary | Action::Protected => Share(0),
            // The production a listed measure gives up: its largest share of a pollutant.
            Action::Listed { reduction, .. } => EmissionPollutant::ALL
                .iter()
                .filter(|p| e.emissions.get(**p).micro() > 0)
                .map(|p| {
                    let share = u128::from(reduction.get(*p).micro()) * 1_000_000
                        / u128::from(e.emissions.get(*p).micro());
                    Share(share.min(u128::from(Share::ALL.ppm())) as u32)
                })
                .max()
                .unwrap_or(Share(0)),
            Action::CutOutput(s) | Action::Staggered(s) => *s,
            Action::Stop => Share::ALL,
            Action::StopProcesses(names) => {
                let sum: u32 = e
                    .processes
                    .iter()
                    .filter(|p| names.iter().any(|n| n == &p.name))
                    .map(|p| p.share.ppm())
                    .sum();
                Share(sum.min(Share::ALL.ppm()))
            }
            Action::StopUnits(s) => match e.units {
                Some(n) if n > 0 => {
                    // ceil(n * s) whole units of n.
                    let stopped = (u64::from(n) * u64::from(s.ppm())).div_ceil(1_000_000);
                    Share((stopped * 1_000_000 / u64::from(n)) as u32)
                }
                _ => *s,
            },
        }
    }

    /// The reduction in t/day of each pollutant, in micro-tonnes scaled by 10^6 (exact:
    /// emission micro-tonnes times the share in ppm).
    pub fn reduction_scaled(&self, e: &Enterprise) -> PerPollutant<u128> {
        if let Action::Listed { reduction, .. } = self {
            return PerPollutant::from_fn(|p| u128::from(reduction.get(p).micro()) * 1_000_000);
        }
        let s = u128::from(self.reduction(e).ppm());
        PerPollutant::from_fn(|p| u128::from(e.emissions.get(p).micro()) * s)
    }

    /// Is this a mandatory curtailment?
    pub fn is_curtailment(&self) -> bool {
        !matches!(self, Action::None | Action::Voluntary | Action::Protected)
    }

    /// A short description in Chinese.
    pub fn describe_zh(&self) -> String {
        match self {
            Action::None => "无".into(),
            Action::Voluntary => "自主减排".into(),
            Action::Protected => "保障类，不限产".into(),
            Action::CutOutput(s) => format!("限产{s}"),
            Action::StopProcesses(p) => format!("停产{}", p.join("、")),
            Action::StopUnits(s) => format!("停运{s}生产线"),
            Action::Staggered(s) => format!("错峰生产（停产{s}时段）"),
            Action::Stop => "停产".into(),
            Action::Listed { measure, .. } => measure.clone(),
        }
    }

    /// A short description in English.
    pub fn describe_en(&self) -> String {
        match self {
            Action::None => "none".into(),
            Action::Voluntary => "voluntary reduction".into(),
            Action::Protected => "protected, not curtailed".into(),
            Action::CutOutput(s) => format!("cut output by {s}"),
            Action::StopProcesses(p) => format!("stop {}", p.join(", ")),
            Action::StopUnits(s) => format!("stop {s} of the lines"),
            Action::Staggered(s) => format!("staggered production ({s} of the time off)"),
            Action::Stop => "stop production".into(),
            // The list's own words: a bureau's list is Chinese, and a translation would not be
            // the measure it signed.
            Action::Listed { measure, .. } => measure.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emissions::Tonnes;

    fn ent() -> Enterprise {
        Enterprise {
            id: "E1".into(),
            name: "示例钢铁".into(),
            city: "太原".into(),
            county: None,
            part: None,
            listed: Vec::new(),
            industry: "steel".into(),
            grade: Grade::C,
            protected: None,
            emissions: Emissions([
                Tonnes(2_000_000),
                Tonnes(3_000_000),
                Tonnes(1_000_000),
                Tonnes(0),
            ]),
            output_value: OutputValue(500_000_000),
            processes: vec![
                Process {
                    name: "烧结".into(),
                    share: Share(400_000),
                },
                Process {
                    name: "高炉".into(),
                    share: Share(300_000),
                },
            ],
            units: Some(3),
            line: 2,
        }
    }

    #[test]
    fn grades() {
        assert_eq!(Grade::parse("B-"), Some(Grade::BMinus));
        assert_eq!(Grade::parse("a级"), Some(Grade::A));
        assert_eq!(Grade::parse("引领性"), Some(Grade::Leading));
        assert_eq!(Grade::parse("E"), None);
        assert!(Grade::D.rank() < Grade::C.rank() && Grade::C.rank() < Grade::B.rank());
        assert!(Grade::APlus.voluntary_only() && !Grade::B.voluntary_only());
    }

    #[test]
    fn reductions() {
        let e = ent();
        assert_eq!(Action::Stop.reduction(&e), Share::ALL);
        assert_eq!(
            Action::CutOutput(Share(200_000)).reduction(&e),
            Share(200_000)
        );
        assert_eq!(
            Action::StopProcesses(vec!["烧结".into(), "高炉".into()]).reduction(&e),
            Share(700_000)
        );
        // 50 % of 3 lines = 2 lines (rounded up) = 666,666 ppm.
        assert_eq!(
            Action::StopUnits(Share(500_000)).reduction(&e),
            Share(666_666)
        );
        assert_eq!(Action::Voluntary.reduction(&e), Share(0));
        assert_eq!(
            Action::CutOutput(Share(100_000)).reduction_scaled(&e)[EmissionPollutant::Nox],
            3_000_000u128 * 100_000
        );
    }
}
