//! The reasons of warnings, lifts and advisories ([`crate::alert::reason`]) in words, in
//! English (the CSV files and the terminal, stable for scripts) or Chinese (report.md in
//! Chinese, the default).

use chrono::NaiveDateTime;

use super::plan::Lang;
use crate::alert::reason::{
    AdvisoryReason, Exclusion, Hold, Lift, Mixed, Reason, RegionRule, RuleMet,
};
use crate::alert::rules::{Cause, Condition};
use crate::alert::{Flag, Source, WarningLevel};

fn fmt_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// A reason in `lang`.
pub fn reason_text(r: &Reason, lang: Lang) -> String {
    match lang {
        Lang::En => en(r),
        Lang::Zh => zh(r),
    }
}

/// An advisory's reason in `lang`.
pub fn advisory_text(a: &AdvisoryReason, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "{} ({} of the process's {} h above AQI {})",
            exclusions_en(&a.exclusions),
            a.excluded,
            a.polluted,
            a.threshold
        ),
        Lang::Zh => format!(
            "{}（过程中 AQI>{} 的 {} 小时中有 {} 小时）",
            exclusions_zh(&a.exclusions),
            a.threshold,
            a.polluted,
            a.excluded
        ),
    }
}

/// A warning's flag in `lang` (English: [`Flag::describe`], as the CSV files write it).
pub fn flag_text(f: &Flag, lang: Lang) -> String {
    match (lang, f) {
        (Lang::En, _) => f.describe(),
        (Lang::Zh, Flag::LateIssue { hours, lead }) => {
            format!("开始前{hours}小时发布（提前量要求{lead}小时）")
        }
        (
            Lang::Zh,
            Flag::Unsupported {
                source,
                level,
                from,
                to,
                threshold,
                max,
            },
        ) => format!(
            "{}{}（{} 至 {}）无预报 AQI 超过{threshold}支撑（预报最高 {}）",
            match source {
                Source::Regional => "区域联动",
                Source::Dispatch => "调度令",
                Source::Local => "本地预报",
            },
            level.name_zh(),
            fmt_time(*from),
            fmt_time(*to),
            max.map_or("无".to_string(), |m| m.to_string())
        ),
    }
}

fn exclusions_en(x: &[Exclusion]) -> String {
    x.iter()
        .map(|e| match e {
            Exclusion::Cause(c) => c.id(),
            Exclusion::O3Primary => "O3 primary",
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The Chinese name of a cause (also the timeline's advisory labels).
pub(crate) fn cause_zh(c: Cause) -> &'static str {
    match c {
        Cause::Dust => "沙尘",
        Cause::LocalDust => "局地扬沙",
        Cause::Wildfire => "山火",
        Cause::Fireworks => "烟花爆竹",
        Cause::CrossBorder => "国境外传输",
    }
}

fn exclusions_zh(x: &[Exclusion]) -> String {
    x.iter()
        .map(|e| match e {
            Exclusion::Cause(c) => cause_zh(*c),
            Exclusion::O3Primary => "首要污染物为臭氧",
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn en(r: &Reason) -> String {
    match r {
        Reason::Rule(m) => {
            let text = rule_en(m);
            with_context_en(m.city_forecast, text, m.mixed.as_ref())
        }
        Reason::Held {
            rules,
            level,
            how,
            city_forecast,
            mixed,
        } => {
            let text = match how {
                Hold::NotYetLifted { aqi, hours } => format!(
                    "{rules} {level} held: the AQI is not yet at or below {aqi} for more than {hours} h"
                ),
                Hold::Bridged { hours } => format!(
                    "{rules} {level} held: the forecast falls below the {level} condition for at \
                     most {hours} h (lifting needs more than {hours} h)"
                ),
                Hold::Gap { hours } => format!(
                    "{rules} {level} held: a gap of at most {hours} h between warnings does not lift"
                ),
            };
            with_context_en(*city_forecast, text, mixed.as_ref())
        }
        Reason::Regional {
            region,
            count,
            members,
            trigger,
            level,
        } => {
            let rule = match trigger {
                RegionRule::MinCities(k) => format!("at least {k} members"),
                RegionRule::MinShare(s) => format!("at least {:.0}% of members", s * 100.0),
                RegionRule::None => String::new(),
            };
            format!(
                "regional linkage {region}: {count} of {members} members at {level} or above ({rule})"
            )
        }
        Reason::RegionalHeld { level } => format!("regional linkage held at {level}"),
        Reason::Dispatch {
            order,
            level,
            start,
            end,
        } => format!(
            "dispatch order {order}: at least {level} from {} to {}",
            fmt_time(*start),
            fmt_time(*end)
        ),
        Reason::DispatchHeld { level } => format!("dispatch order held at {level}"),
        Reason::Lift(l) => match l {
            Lift::DispatchEnds => "the dispatch order ends".into(),
            Lift::ForecastEnds => {
                "the forecast ends with the warning in force (lifting to be announced, 另行通知)"
                    .into()
            }
            Lift::BelowStart { hours } => {
                format!("the forecast stays below the start condition for more than {hours} h")
            }
            Lift::AqiAtMost { aqi, hours } => {
                format!("the forecast AQI stays at or below {aqi} for more than {hours} h")
            }
            Lift::RegionalEnds => "the regional linkage ends".into(),
        },
    }
}

fn with_context_en(city_forecast: bool, text: String, mixed: Option<&Mixed>) -> String {
    let mut s = if city_forecast {
        format!("the city's forecast: {text}")
    } else {
        text
    };
    if let Some(m) = mixed {
        s.push_str(&format!(
            "; the process has {} h with {}, counted with it: most of its polluted hours are \
             not excluded",
            m.hours,
            exclusions_en(&m.exclusions)
        ));
    }
    s
}

/// The counted days of a process with dips: `12-14 00:00 210, 12-16 00:00 -`.
fn daily_list(m: &RuleMet, sep: &str) -> String {
    m.daily
        .iter()
        .map(|(t, v)| {
            format!(
                "{} {}",
                t.format("%m-%d %H:%M"),
                v.map_or("-".to_string(), |v| v.to_string())
            )
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// `national-2019 orange: AQI>200 for >=72h (4 days above 200 in one process from … to …,
/// max 220)`.
fn rule_en(m: &RuleMet) -> String {
    let process = if m.days < m.span_days {
        format!(
            "{} days above {} in one process of {} days (dips of at most {} h do not lift; \
             daily AQI of the 24 h from {})",
            m.days,
            m.threshold,
            m.span_days,
            m.lifting_hours,
            daily_list(m, ", ")
        )
    } else if m.days == 1 {
        format!("a day above {}", m.threshold)
    } else {
        format!("{} days above {}", m.days, m.threshold)
    };
    format!(
        "{} {}: {} ({process}, from {} to {}, max {})",
        m.rules,
        m.level,
        m.condition.describe(),
        fmt_time(m.from),
        fmt_time(m.to),
        m.max
    )
}

/// A condition in Chinese: `AQI>200 持续72小时及以上`.
fn condition_zh(c: &Condition) -> String {
    match c {
        Condition::Above { threshold, days } if *days <= 1 => format!("AQI>{threshold}"),
        Condition::Above { threshold, days } => {
            format!("AQI>{threshold} 持续{}小时及以上", days * 24)
        }
        Condition::Reaches { threshold } => format!("AQI≥{threshold}"),
        Condition::All(cs) => cs.iter().map(condition_zh).collect::<Vec<_>>().join("且"),
    }
}

fn zh(r: &Reason) -> String {
    let name = |l: &WarningLevel| l.name_zh();
    match r {
        Reason::Rule(m) => with_context_zh(m.city_forecast, rule_zh(m), m.mixed.as_ref()),
        Reason::Held {
            rules,
            level,
            how,
            city_forecast,
            mixed,
        } => {
            let l = name(level);
            let text = match how {
                Hold::NotYetLifted { aqi, hours } => {
                    format!("{rules} 维持{l}：AQI 尚未连续{hours}小时以上降至{aqi}及以下")
                }
                Hold::Bridged { hours } => format!(
                    "{rules} 维持{l}：预报低于{l}条件不超过{hours}小时（解除需超过{hours}小时）"
                ),
                Hold::Gap { hours } => {
                    format!("{rules} 维持{l}：两次预警间隔不超过{hours}小时，不解除")
                }
            };
            with_context_zh(*city_forecast, text, mixed.as_ref())
        }
        Reason::Regional {
            region,
            count,
            members,
            trigger,
            level,
        } => {
            let rule = match trigger {
                RegionRule::MinCities(k) => format!("（至少{k}个成员）"),
                RegionRule::MinShare(s) => format!("（至少{:.0}%的成员）", s * 100.0),
                RegionRule::None => String::new(),
            };
            format!(
                "区域联动 {region}：{members}个成员中{count}个达到{}及以上{rule}",
                name(level)
            )
        }
        Reason::RegionalHeld { level } => format!("区域联动维持{}", name(level)),
        Reason::Dispatch {
            order,
            level,
            start,
            end,
        } => format!(
            "调度令 {order}：{} 至 {} 不低于{}",
            fmt_time(*start),
            fmt_time(*end),
            name(level)
        ),
        Reason::DispatchHeld { level } => format!("调度令维持{}", name(level)),
        Reason::Lift(l) => match l {
            Lift::DispatchEnds => "调度令结束".into(),
            Lift::ForecastEnds => "预报期末预警仍在实施（解除时间另行通知）".into(),
            Lift::BelowStart { hours } => {
                format!("预报连续{hours}小时以上低于启动条件")
            }
            Lift::AqiAtMost { aqi, hours } => {
                format!("预报 AQI 连续{hours}小时以上不超过{aqi}")
            }
            Lift::RegionalEnds => "区域联动结束".into(),
        },
    }
}

fn with_context_zh(city_forecast: bool, text: String, mixed: Option<&Mixed>) -> String {
    let mut s = if city_forecast {
        format!("依据所在城市预报：{text}")
    } else {
        text
    };
    if let Some(m) = mixed {
        s.push_str(&format!(
            "；过程中有{}小时属{}，仍计入：过程的污染小时多数不属排除情形",
            m.hours,
            exclusions_zh(&m.exclusions)
        ));
    }
    s
}

/// `national-2019 橙色预警：AQI>200 持续72小时及以上（3 天 AQI>200，… 至 …，最高 220）`.
fn rule_zh(m: &RuleMet) -> String {
    let process = if m.days < m.span_days {
        format!(
            "一次过程{}天中{}天 AQI>{}（不超过{}小时的回落不解除；各日24小时 AQI：{}）",
            m.span_days,
            m.days,
            m.threshold,
            m.lifting_hours,
            daily_list(m, "，")
        )
    } else {
        format!("{}天 AQI>{}", m.days, m.threshold)
    };
    format!(
        "{} {}：{}（{process}，{} 至 {}，最高 {}）",
        m.rules,
        m.level.name_zh(),
        condition_zh(&m.condition),
        fmt_time(m.from),
        fmt_time(m.to),
        m.max
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn rule() -> RuleMet {
        RuleMet {
            rules: "national-2019".into(),
            level: WarningLevel::Orange,
            condition: Condition::Above {
                threshold: 200,
                days: 3,
            },
            threshold: 200,
            days: 3,
            span_days: 3,
            lifting_hours: 36,
            daily: Vec::new(),
            from: t(14, 0),
            to: t(17, 0),
            max: 220,
            city_forecast: false,
            mixed: None,
        }
    }

    #[test]
    fn a_rule_in_both_languages() {
        let r = Reason::Rule(rule());
        assert_eq!(
            reason_text(&r, Lang::En),
            "national-2019 orange: AQI>200 for >=72h (3 days above 200, from 2026-12-14 00:00 \
             to 2026-12-17 00:00, max 220)"
        );
        assert_eq!(
            reason_text(&r, Lang::Zh),
            "national-2019 橙色预警：AQI>200 持续72小时及以上（3天 AQI>200，2026-12-14 00:00 \
             至 2026-12-17 00:00，最高 220）"
        );
    }

    #[test]
    fn chinese_reasons_have_no_english_words() {
        let mixed = Some(Mixed {
            hours: 5,
            exclusions: vec![Exclusion::Cause(Cause::Dust), Exclusion::O3Primary],
        });
        let mut dips = rule();
        dips.span_days = 4;
        dips.daily = vec![(t(14, 0), Some(210)), (t(16, 0), None)];
        dips.city_forecast = true;
        dips.mixed = mixed.clone();
        let reasons = [
            Reason::Rule(dips),
            Reason::Held {
                rules: "national-2024".into(),
                level: WarningLevel::Red,
                how: Hold::NotYetLifted {
                    aqi: 200,
                    hours: 36,
                },
                city_forecast: false,
                mixed,
            },
            Reason::Held {
                rules: "national-2024".into(),
                level: WarningLevel::Red,
                how: Hold::Bridged { hours: 36 },
                city_forecast: false,
                mixed: None,
            },
            Reason::Regional {
                region: "太原盆地".into(),
                count: 3,
                members: 5,
                trigger: RegionRule::MinShare(0.6),
                level: WarningLevel::Orange,
            },
            Reason::Dispatch {
                order: "晋气调〔2026〕1号".into(),
                level: WarningLevel::Orange,
                start: t(14, 0),
                end: t(16, 0),
            },
            Reason::Lift(Lift::AqiAtMost {
                aqi: 150,
                hours: 36,
            }),
            Reason::Lift(Lift::ForecastEnds),
        ];
        for r in &reasons {
            let text = reason_text(r, Lang::Zh);
            // The rule-set names (national-2024) and AQI are identifiers, not English words.
            let words: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1 && !["national", "AQI"].contains(w))
                .collect();
            assert!(words.is_empty(), "{text}: {words:?}");
        }
        let a = AdvisoryReason {
            exclusions: vec![Exclusion::Cause(Cause::Dust)],
            excluded: 20,
            polluted: 24,
            threshold: 150,
        };
        assert_eq!(
            advisory_text(&a, Lang::Zh),
            "沙尘（过程中 AQI>150 的 24 小时中有 20 小时）"
        );
        assert_eq!(
            advisory_text(&a, Lang::En),
            "dust (20 of the process's 24 h above AQI 150)"
        );
    }
}
