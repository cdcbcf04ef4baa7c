//! The catalog's policy sections, which are local policy and so data, not code
//! (practice.md 4): the grade schemes of the industries, who is exempt from mandatory measures
//! up to which level (A+/A/引领性 self-directed reduction, 保障类), and what each industry can
//! physically do (glass furnaces keep warm, coke ovens extend the coking time, blast furnaces
//! bank only where the plan allows), and the names each industry goes by.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::parse::{at, name, share};
use crate::alert::WarningLevel;
use crate::emissions::Share;
use crate::measures::model::Grade;

/// The grades an industry is graded in (standards.md 5.1: cement, coking, glass each have
/// their own scheme; some industries are graded 引领性 / 非引领性).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeScheme {
    /// Industry names (as lists write them, several spellings).
    pub industries: Vec<String>,
    /// Its grades.
    pub grades: Vec<Grade>,
}

/// Who takes no mandatory measure, up to which level (standards.md 5.2, 5.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exemptions {
    /// Grades that reduce on their own (自主减排) up to and including the level given; above
    /// it they follow the rules (Henan exempts 引领性 only up to orange).
    pub voluntary: BTreeMap<Grade, WarningLevel>,
    /// Protected enterprises (保障类) keep their approved maximum load up to and including
    /// this level.
    pub protected: WarningLevel,
}

impl Default for Exemptions {
    /// The national default: A+, A and 引领性 self-directed and 保障类 exempt at every level.
    fn default() -> Self {
        Exemptions {
            voluntary: [Grade::APlus, Grade::A, Grade::Leading]
                .into_iter()
                .map(|g| (g, WarningLevel::Red))
                .collect(),
            protected: WarningLevel::Red,
        }
    }
}

/// What an industry can physically do: measures are taken "在确保安全生产的前提下"
/// (practice.md 4), so a cut beyond the limit is infeasible, not a bigger cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Industry names.
    pub industries: Vec<String>,
    /// How the industry cuts, and how far.
    pub form: LimitForm,
    /// Banking (焖炉) allowed from this level (the cap is then 100 %); `None`: never.
    pub bank_from: Option<WarningLevel>,
}

/// How a limited industry cuts its production.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitForm {
    /// Never stops; cuts at most this share (a furnace kept warm, 保温).
    KeepWarm(Share),
    /// Coke ovens: the coking time extended from `normal` up to `longest` hours.
    Coking {
        /// Normal coking time, hours.
        normal: u32,
        /// The longest the plan allows, hours.
        longest: u32,
    },
    /// Cuts at most this share without banking (a steel works keeps its blast furnaces
    /// running).
    MaxCut(Share),
}

impl LimitForm {
    /// The largest share of production the form can give up.
    pub fn cap(self) -> Share {
        match self {
            LimitForm::KeepWarm(s) | LimitForm::MaxCut(s) => s,
            LimitForm::Coking { normal, longest } => {
                crate::measures::model::coking_cut(normal, longest)
            }
        }
    }
}

/// `grade_schemes:` entries.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScheme {
    industries: Vec<Spanned<String>>,
    grades: Vec<Spanned<String>>,
}

/// `exemptions:`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExemptions {
    #[serde(default)]
    voluntary: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    protected: Option<Spanned<String>>,
}

/// `limits:` entries.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLimit {
    industries: Vec<Spanned<String>>,
    #[serde(default)]
    keep_warm: Option<Spanned<String>>,
    #[serde(default)]
    coking_time: Option<Spanned<RawCoking>>,
    #[serde(default)]
    max_cut: Option<Spanned<String>>,
    #[serde(default)]
    bank: Option<Spanned<String>>,
}

/// `coking_time: {normal: 24, longest: 48}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCoking {
    normal: u32,
    longest: u32,
}

/// A warning level (blue to red), or a recorded problem.
fn level(s: &Spanned<String>, what: &str, problems: &mut Vec<String>) -> Option<WarningLevel> {
    match s.value.parse::<WarningLevel>() {
        Ok(l) if l.is_warning() => Some(l),
        _ => {
            problems.push(format!(
                "{}{what}: '{}' is not a warning level (blue, yellow, orange, red)",
                at(&s.referenced),
                s.value.trim()
            ));
            None
        }
    }
}

fn industries(raw: &[Spanned<String>], problems: &mut Vec<String>) -> Vec<String> {
    raw.iter()
        .filter_map(|i| name(i, "an industry name", problems))
        .collect()
}

/// Converts the grade schemes; an industry in two schemes is an error.
pub(super) fn schemes(raw: &[Spanned<RawScheme>], problems: &mut Vec<String>) -> Vec<GradeScheme> {
    let mut out: Vec<GradeScheme> = Vec::new();
    for r in raw {
        let names = industries(&r.value.industries, problems);
        for (n, spanned) in names.iter().zip(&r.value.industries) {
            if out
                .iter()
                .any(|s| s.industries.iter().any(|i| super::same_industry(i, n)))
            {
                problems.push(format!(
                    "{}industry '{n}' is in two grade schemes: an industry has one",
                    at(&spanned.referenced)
                ));
            }
        }
        let mut grades = Vec::new();
        for g in &r.value.grades {
            match Grade::parse(&g.value) {
                Some(Grade::Ungraded) => problems.push(format!(
                    "{}a scheme lists the grades of its industries; an enterprise without a \
                     grade needs none",
                    at(&g.referenced)
                )),
                Some(grade) if !grades.contains(&grade) => grades.push(grade),
                Some(_) => {}
                None => problems.push(format!(
                    "{}unknown grade '{}' (A+, A, 引领性, B, B-, C, 非引领性, D)",
                    at(&g.referenced),
                    g.value.trim()
                )),
            }
        }
        if grades.is_empty() {
            problems.push(format!(
                "{}a grade scheme needs at least one grade",
                at(&r.referenced)
            ));
        }
        out.push(GradeScheme {
            industries: names,
            grades,
        });
    }
    out
}

/// Converts the exemptions (absent: the national default).
pub(super) fn exemptions(raw: Option<&RawExemptions>, problems: &mut Vec<String>) -> Exemptions {
    let Some(raw) = raw else {
        return Exemptions::default();
    };
    let mut out = Exemptions {
        voluntary: BTreeMap::new(),
        protected: WarningLevel::Red,
    };
    for (g, l) in &raw.voluntary {
        let Some(grade) = Grade::parse(g).filter(|g| *g != Grade::Ungraded) else {
            problems.push(format!(
                "{}exemptions.voluntary: unknown grade '{}' (A+, A, 引领性, B, B-, C, 非引领性, D)",
                at(&l.referenced),
                g.trim()
            ));
            continue;
        };
        if let Some(level) = level(l, &format!("exemptions.voluntary.{g}"), problems) {
            out.voluntary.insert(grade, level);
        }
    }
    if let Some(p) = &raw.protected
        && let Some(level) = level(p, "exemptions.protected", problems)
    {
        out.protected = level;
    }
    out
}

/// Converts the limits: each gives exactly one form.
pub(super) fn limits(raw: &[Spanned<RawLimit>], problems: &mut Vec<String>) -> Vec<Limit> {
    let mut out = Vec::new();
    for r in raw {
        let v = &r.value;
        let names = industries(&v.industries, problems);
        let mut forms = Vec::new();
        if let Some(s) = &v.keep_warm {
            forms.extend(share(s, "keep_warm", problems).map(LimitForm::KeepWarm));
        }
        if let Some(s) = &v.max_cut {
            forms.extend(share(s, "max_cut", problems).map(LimitForm::MaxCut));
        }
        if let Some(c) = &v.coking_time {
            let (normal, longest) = (c.value.normal, c.value.longest);
            if normal == 0 || longest <= normal {
                problems.push(format!(
                    "{}coking_time: the longest time ({longest} h) must exceed the normal one \
                     ({normal} h)",
                    at(&c.referenced)
                ));
            } else {
                forms.push(LimitForm::Coking { normal, longest });
            }
        }
        let bank_from = v.bank.as_ref().and_then(|b| level(b, "bank", problems));
        match forms.as_slice() {
            [form] => out.push(Limit {
                industries: names,
                form: *form,
                bank_from,
            }),
            [] if v.keep_warm.is_none() && v.max_cut.is_none() && v.coking_time.is_none() => {
                problems.push(format!(
                    "{}a limit needs one of keep_warm, coking_time or max_cut",
                    at(&r.referenced)
                ));
            }
            [] => {}
            _ => problems.push(format!(
                "{}a limit has one of keep_warm, coking_time or max_cut, not several",
                at(&r.referenced)
            )),
        }
    }
    out
}

/// Checks `industry_names`: each group is one industry's names, its key (ASCII) and the
/// names lists use for it; a name in two groups would make two industries one.
pub(super) fn industry_names(
    raw: &[Vec<Spanned<String>>],
    problems: &mut Vec<String>,
) -> Vec<Vec<String>> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, group) in raw.iter().enumerate() {
        let mut names = Vec::new();
        for n in group {
            let v = n.value.trim();
            if v.is_empty() {
                problems.push(format!(
                    "{}industry_names[{i}]: an empty name",
                    at(&n.referenced)
                ));
                continue;
            }
            match seen.get(&v.to_lowercase()) {
                Some(&j) if j != i => problems.push(format!(
                    "{}industry_names[{i}]: '{v}' is also a name of industry_names[{j}]: one \
                     name cannot mean two industries",
                    at(&n.referenced)
                )),
                _ => {
                    seen.insert(v.to_lowercase(), i);
                    names.push(v.to_string());
                }
            }
        }
        out.push(names);
    }
    out
}
