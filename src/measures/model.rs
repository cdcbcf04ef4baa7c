//! Enterprises and the actions a measure catalog can order them to take.

use std::fmt;

use crate::emissions::{Emissions, PerPollutant, Share};

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
    /// Share of the enterprise's emissions of each pollutant: processes differ (in a steel
    /// works sintering dominates SO2 but not VOCs; practice.md 4).
    pub share: PerPollutant<Share>,
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
    /// Protected (保障类, 豁免) with its reason: never curtailed below its approved maximum
    /// load.
    pub protected: Option<String>,
    /// The approved maximum load of a protected enterprise (核定最大允许生产负荷, practice.md
    /// 4), a share of its normal production; `None`: its normal production.
    pub max_load: Option<Share>,
    /// Baseline daily emissions (减排基数), t/day.
    pub emissions: Emissions,
    /// Output value per day, for the least-lost-output rule of `tighten`.
    pub output_value: OutputValue,
    /// Processes with their shares of the emissions, for "stop process" measures.
    pub processes: Vec<Process>,
    /// Number of production lines or units, for "stop a share of units" measures.
    pub units: Option<u32>,
    /// Its seasonal control (错峰), the baseline its warning measures come on top of.
    pub seasonal: Option<super::seasonal::Seasonal>,
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
    /// Stop production (停产).
    Stop,
    /// Coke ovens: the coking time extended from `normal` to `hours` (延长结焦时间): production,
    /// and with it emissions, fall by 1 - normal / hours.
    ExtendCoking {
        /// Normal coking time, hours.
        normal: u32,
        /// Extended coking time, hours.
        hours: u32,
    },
    /// A furnace that cannot stop keeps warm (保温, glass): its pull cut by this share.
    KeepWarm(Share),
    /// Banking (焖炉): a blast furnace or coke oven kept hot without production, where the plan
    /// allows it.
    Bank,
    /// A protected enterprise at its approved maximum load (以热定产): this share of normal
    /// production.
    MaxLoad(Share),
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
    /// The share of each pollutant of the enterprise's emissions this action removes.
    pub fn reduction(&self, e: &Enterprise) -> PerPollutant<Share> {
        let all = |s: Share| PerPollutant([s; 4]);
        match self {
            Action::None | Action::Voluntary | Action::Protected => all(Share(0)),
            Action::Listed { reduction, .. } => PerPollutant::from_fn(|p| {
                let base = u128::from(e.emissions.get(p).micro());
                if base == 0 {
                    return Share(0);
                }
                let share = u128::from(reduction.get(p).micro()) * 1_000_000 / base;
                Share(share.min(u128::from(Share::ALL.ppm())) as u32)
            }),
            Action::CutOutput(s) | Action::KeepWarm(s) => all(*s),
            Action::Stop | Action::Bank => all(Share::ALL),
            Action::MaxLoad(load) => all(Share(Share::ALL.ppm().saturating_sub(load.ppm()))),
            Action::ExtendCoking { normal, hours } => all(coking_cut(*normal, *hours)),
            Action::StopProcesses(names) => PerPollutant::from_fn(|p| {
                let sum: u32 = e
                    .processes
                    .iter()
                    .filter(|x| names.iter().any(|n| n == &x.name))
                    .map(|x| x.share[p].ppm())
                    .sum();
                Share(sum.min(Share::ALL.ppm()))
            }),
            Action::StopUnits(s) => all(match e.units {
                Some(n) if n > 0 => {
                    // ceil(n * s) whole units of n.
                    let stopped = (u64::from(n) * u64::from(s.ppm())).div_ceil(1_000_000);
                    Share((stopped * 1_000_000 / u64::from(n)) as u32)
                }
                _ => *s,
            }),
        }
    }

    /// The share of its production the enterprise gives up: the largest share of a pollutant
    /// it removes (a stopped process is taken to give up production in proportion to its
    /// largest share of a pollutant).
    pub fn output_share(&self, e: &Enterprise) -> Share {
        self.reduction(e).0.into_iter().max().unwrap_or_default()
    }

    /// The reduction in t/day of each pollutant, in micro-tonnes scaled by 10^6 (exact:
    /// emission micro-tonnes times the share in ppm).
    pub fn reduction_scaled(&self, e: &Enterprise) -> PerPollutant<u128> {
        if let Action::Listed { reduction, .. } = self {
            return PerPollutant::from_fn(|p| u128::from(reduction.get(p).micro()) * 1_000_000);
        }
        let s = self.reduction(e);
        PerPollutant::from_fn(|p| u128::from(e.emissions.get(p).micro()) * u128::from(s[p].ppm()))
    }

    /// Is this a mandatory curtailment?
    pub fn is_curtailment(&self) -> bool {
        !matches!(
            self,
            Action::None | Action::Voluntary | Action::Protected | Action::MaxLoad(_)
        )
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
            Action::Stop => "停产".into(),
            Action::ExtendCoking { hours, .. } => format!("延长结焦时间至{hours}小时"),
            Action::KeepWarm(s) => format!("熔窑保温，限产{s}"),
            Action::Bank => "焖炉".into(),
            Action::MaxLoad(s) => format!("保障类，按核定最大负荷{s}生产"),
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
            Action::Stop => "stop production".into(),
            Action::ExtendCoking { hours, .. } => format!("extend the coking time to {hours} h"),
            Action::KeepWarm(s) => format!("keep the furnace warm, output cut by {s}"),
            Action::Bank => "bank the furnace".into(),
            Action::MaxLoad(s) => format!("protected, at most {s} of normal load"),
            // The list's own words: a bureau's list is Chinese, and a translation would not be
            // the measure it signed.
            Action::Listed { measure, .. } => measure.clone(),
        }
    }
}

/// The cut of a coke oven whose coking time goes from `normal` to `hours`: 1 - normal / hours,
/// in ppm rounded down (a plan never claims more than the oven gives).
pub fn coking_cut(normal: u32, hours: u32) -> Share {
    if hours <= normal || hours == 0 {
        return Share(0);
    }
    Share((u64::from(hours - normal) * 1_000_000 / u64::from(hours)) as u32)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::emissions::Tonnes;

    /// A steel works with two processes, for tests.
    pub(crate) fn ent() -> Enterprise {
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
            max_load: None,
            emissions: Emissions([
                Tonnes(2_000_000),
                Tonnes(3_000_000),
                Tonnes(1_000_000),
                Tonnes(0),
            ]),
            output_value: OutputValue(500_000_000),
            processes: vec![
                // Sintering: most of the SO2, little of the VOCs.
                Process {
                    name: "烧结".into(),
                    share: PerPollutant([
                        Share(600_000),
                        Share(400_000),
                        Share(400_000),
                        Share(100_000),
                    ]),
                },
                Process {
                    name: "高炉".into(),
                    share: PerPollutant([Share(300_000); 4]),
                },
            ],
            units: Some(3),
            seasonal: None,
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
    }

    #[test]
    fn reductions() {
        use crate::emissions::EmissionPollutant::{Nox, So2, Vocs};
        let e = ent();
        let all = |ppm: u32| PerPollutant([Share(ppm); 4]);
        assert_eq!(Action::Stop.reduction(&e), all(1_000_000));
        assert_eq!(
            Action::CutOutput(Share(200_000)).reduction(&e),
            all(200_000)
        );
        // Per pollutant: sintering and the blast furnace remove 90 % of the SO2, 40 % of the
        // VOCs; the production given up is the largest of them.
        let both = Action::StopProcesses(vec!["烧结".into(), "高炉".into()]);
        let r = both.reduction(&e);
        assert_eq!(
            (r[So2], r[Nox], r[Vocs]),
            (Share(900_000), Share(700_000), Share(400_000))
        );
        assert_eq!(both.output_share(&e), Share(900_000));
        // 50 % of 3 lines = 2 lines (rounded up) = 666,666 ppm.
        assert_eq!(
            Action::StopUnits(Share(500_000)).reduction(&e),
            all(666_666)
        );
        assert_eq!(Action::Voluntary.reduction(&e), all(0));
        assert_eq!(
            Action::CutOutput(Share(100_000)).reduction_scaled(&e)[Nox],
            3_000_000u128 * 100_000
        );
        // Coking time 24 -> 36 h: 1 - 24/36 = 33.3333 %, rounded down.
        let coking = Action::ExtendCoking {
            normal: 24,
            hours: 36,
        };
        assert_eq!(coking.reduction(&e), all(333_333));
        assert_eq!(Action::MaxLoad(Share(800_000)).reduction(&e), all(200_000));
        assert!(!Action::MaxLoad(Share(800_000)).is_curtailment());
        assert_eq!(coking_cut(24, 24), Share(0));
    }
}
