//! The YAML form of a measure catalog and its validation.
//!
//! The raw structs mirror the file (unknown keys are errors) and keep the location of every
//! value that validation may complain about (`Spanned`), so that each problem reads
//! `LINE:COL: message`. A YAML or structure error stops serde at the first problem; after that
//! every validation problem is collected, so a bureau fixes its file in one pass.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::{Location, MessageFormatter, Spanned, UserMessageFormatter};

use super::{Catalog, IndustryRule, orders, policy};
use crate::alert::WarningLevel;
use crate::emissions::Share;
use crate::measures::model::{Action, Grade};

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    name: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    industry: Vec<Spanned<RawRule>>,
    #[serde(default)]
    orders: Vec<Spanned<orders::RawOrder>>,
    #[serde(default)]
    placeholders: Vec<Spanned<orders::RawPlaceholder>>,
    #[serde(default)]
    transport: Vec<Spanned<orders::RawTransport>>,
    #[serde(default)]
    grade_schemes: Vec<Spanned<policy::RawScheme>>,
    #[serde(default)]
    exemptions: Option<policy::RawExemptions>,
    #[serde(default)]
    limits: Vec<Spanned<policy::RawLimit>>,
    #[serde(default)]
    industry_names: Vec<Vec<Spanned<String>>>,
}

/// One industry rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(default)]
    industries: Vec<Spanned<String>>,
    grades: Vec<Spanned<String>>,
    actions: RawLevels,
    #[serde(default)]
    stricter: bool,
}

/// The actions of a rule, keyed by level. A struct rather than a map so that serde rejects an
/// unknown level with the list of valid ones; the order the keys were written in is
/// recovered from their locations.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevels {
    blue: Option<Spanned<RawAction>>,
    yellow: Option<Spanned<RawAction>>,
    orange: Option<Spanned<RawAction>>,
    red: Option<Spanned<RawAction>>,
}

/// An action as written: a word or a one-key mapping (serde's externally tagged form, which,
/// unlike untagged enums, keeps the locations of the values inside).
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawAction {
    None,
    Voluntary,
    Stop,
    CutOutput(Spanned<String>),
    StopProcesses(Vec<Spanned<String>>),
    StopUnits(Spanned<String>),
    Staggered(Spanned<String>),
    ExtendCoking(Spanned<u32>),
    KeepWarm(Spanned<String>),
    Bank,
}

/// `LINE:COL: ` for a known location, nothing otherwise.
pub(super) fn at(l: &Location) -> String {
    if l.line() > 0 {
        format!("{}:{}: ", l.line(), l.column())
    } else {
        String::new()
    }
}

/// A serde-saphyr error as `LINE:COL: message`, in its user-facing wording.
fn yaml_error(e: &serde_saphyr::Error) -> String {
    let e = e.without_snippet();
    let text = UserMessageFormatter.format_message(e);
    // Messages can quote the input, which could hold control characters.
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    match e.location() {
        Some(l) => format!("{}{clean}", at(&l)),
        None => clean,
    }
}

/// Parses a share (`10%` or `0.1`), or records why it is not one.
pub(super) fn share(s: &Spanned<String>, what: &str, problems: &mut Vec<String>) -> Option<Share> {
    match Share::parse(&s.value) {
        Ok(v) => Some(v),
        Err(e) => {
            let why = match e {
                e @ crate::emissions::ShareError::MoreThanAll { .. } => e.to_string(),
                crate::emissions::ShareError::Number(_) => {
                    format!("'{}' is not a share from 0 to 100 %", s.value.trim())
                }
            };
            problems.push(format!(
                "{}{what}: {why} (write 10% or 0.1)",
                at(&s.referenced)
            ));
            None
        }
    }
}

/// How strong an action is, where actions of different kinds can be compared at all.
fn rank(a: &Action) -> u8 {
    match a {
        Action::None => 0,
        Action::Voluntary | Action::Protected | Action::MaxLoad(_) => 1,
        Action::Stop | Action::Bank => 3,
        _ => 2,
    }
}

/// Does `high` (the action at a higher level) clearly order less than `low`? Measures are
/// cumulative in every plan read ("everything in orange, plus …", standards.md 6.1), so a
/// weaker action at a higher level is a mistake. Actions of different kinds (a cut and a
/// process stop) cannot be compared without an enterprise, and pass.
fn weaker(low: &Action, high: &Action) -> bool {
    if rank(low) != rank(high) {
        return rank(high) < rank(low);
    }
    match (low, high) {
        (Action::CutOutput(a), Action::CutOutput(b))
        | (Action::StopUnits(a), Action::StopUnits(b))
        | (Action::KeepWarm(a), Action::KeepWarm(b)) => b < a,
        (Action::ExtendCoking { hours: a, .. }, Action::ExtendCoking { hours: b, .. }) => b < a,
        (Action::StopProcesses(a), Action::StopProcesses(b)) => {
            b.len() < a.len() && b.iter().all(|p| a.contains(p))
        }
        _ => false,
    }
}

/// A non-empty trimmed name, or a recorded problem.
pub(super) fn name(s: &Spanned<String>, what: &str, problems: &mut Vec<String>) -> Option<String> {
    let t = s.value.trim();
    if t.is_empty() {
        problems.push(format!("{}{what} is empty", at(&s.referenced)));
        None
    } else {
        Some(t.to_string())
    }
}

/// Converts an action, recording invalid shares and names.
fn action(raw: &RawAction, problems: &mut Vec<String>) -> Option<Action> {
    Some(match raw {
        RawAction::None => Action::None,
        RawAction::Voluntary => Action::Voluntary,
        RawAction::Stop => Action::Stop,
        RawAction::CutOutput(s) => Action::CutOutput(share(s, "cut_output", problems)?),
        RawAction::StopUnits(s) => Action::StopUnits(share(s, "stop_units", problems)?),
        RawAction::Staggered(s) => {
            problems.push(format!(
                "{}staggered production (错峰生产) is a seasonal control, not a warning action: \
                 give it in the scenario's `seasonal` section (the warning's measures come on \
                 top of it)",
                at(&s.referenced)
            ));
            return None;
        }
        RawAction::KeepWarm(s) => Action::KeepWarm(share(s, "keep_warm", problems)?),
        RawAction::Bank => Action::Bank,
        // The normal coking time comes from the industry's limit (`coking_normal`).
        RawAction::ExtendCoking(h) => Action::ExtendCoking {
            normal: 0,
            hours: h.value,
        },
        RawAction::StopProcesses(names) => {
            let n = problems.len();
            let list: Vec<String> = names
                .iter()
                .filter_map(|p| name(p, "a process name", problems))
                .collect();
            if problems.len() > n {
                return None;
            }
            // An empty list has no location of its own: `levels` reports it at the level.
            Action::StopProcesses(list)
        }
    })
}

/// Converts the actions of one rule, checking the order of the levels and that no level
/// orders less than a lower one.
fn levels(
    raw: &RawLevels,
    rule_at: &Location,
    problems: &mut Vec<String>,
) -> BTreeMap<WarningLevel, Action> {
    let listed: Vec<(WarningLevel, &Spanned<RawAction>)> = [
        (WarningLevel::Blue, &raw.blue),
        (WarningLevel::Yellow, &raw.yellow),
        (WarningLevel::Orange, &raw.orange),
        (WarningLevel::Red, &raw.red),
    ]
    .into_iter()
    .filter_map(|(l, a)| a.as_ref().map(|a| (l, a)))
    .collect();
    if listed.is_empty() {
        problems.push(format!(
            "{}a rule needs an action for at least one level (blue, yellow, orange, red)",
            at(rule_at)
        ));
    }
    // Written lowest first, as in the warning rule files: a file read top to bottom then
    // reads like the escalation it describes.
    let pos = |a: &Spanned<RawAction>| (a.referenced.line(), a.referenced.column());
    for pair in listed.windows(2) {
        let ((lo, a), (hi, b)) = (pair[0], pair[1]);
        if pos(b) < pos(a) {
            problems.push(format!(
                "{}levels are listed lowest first: {lo} comes after {hi}",
                at(&a.referenced)
            ));
        }
    }
    let mut out = BTreeMap::new();
    let mut previous: Option<(WarningLevel, Action)> = None;
    for (level, a) in listed {
        let Some(act) = action(&a.value, problems) else {
            previous = None;
            continue;
        };
        if matches!(&act, Action::StopProcesses(p) if p.is_empty()) {
            problems.push(format!(
                "{}{level}: stop_processes needs at least one process name",
                at(&a.referenced)
            ));
        }
        if let Some((lo, low)) = &previous
            && weaker(low, &act)
        {
            problems.push(format!(
                "{}{level} orders less than {lo} ({} after {}): measures only grow with the level",
                at(&a.referenced),
                act.describe_en(),
                low.describe_en()
            ));
        }
        previous = Some((level, act.clone()));
        out.insert(level, act);
    }
    out
}

/// Converts one industry rule.
fn rule(raw: &Spanned<RawRule>, problems: &mut Vec<String>) -> IndustryRule {
    let r = &raw.value;
    let industries = r
        .industries
        .iter()
        .filter_map(|i| name(i, "an industry name", problems))
        .collect();
    if r.grades.is_empty() {
        problems.push(format!(
            "{}a rule needs at least one grade (A+, A, 引领性, B, B-, C, 非引领性, D, ungraded)",
            at(&raw.referenced)
        ));
    }
    let mut grades = Vec::new();
    for g in &r.grades {
        match Grade::parse(&g.value) {
            Some(grade) if !grades.contains(&grade) => grades.push(grade),
            Some(_) => {}
            None => problems.push(format!(
                "{}unknown grade '{}' (A+, A, 引领性, B, B-, C, 非引领性, D, ungraded)",
                at(&g.referenced),
                g.value.trim()
            )),
        }
    }
    IndustryRule {
        industries,
        grades,
        actions: levels(&r.actions, &raw.referenced, problems),
        stricter: r.stricter,
    }
}

/// Do two rules match some enterprise in common?
fn overlap(a: &IndustryRule, b: &IndustryRule) -> bool {
    a.grades.iter().any(|g| b.grades.contains(g))
        && (a.industries.is_empty()
            || b.industries.is_empty()
            || a.industries
                .iter()
                .any(|i| b.industries.iter().any(|j| super::same_industry(i, j))))
}

/// Gives each `extend_coking` its industry's normal coking time, from the limits: a rule that
/// extends the coking time names industries with a `coking_time` limit, and asks no more
/// than its longest time.
fn coking_times(c: &mut Catalog, raw: &[Spanned<RawRule>], problems: &mut Vec<String>) {
    let limits = c.limits.clone();
    for (rule, r) in c.industry.iter_mut().zip(raw) {
        let coking = rule
            .industries
            .iter()
            .find_map(|i| {
                limits
                    .iter()
                    .find(|l| l.industries.iter().any(|n| super::same_industry(n, i)))
            })
            .and_then(|l| match l.form {
                super::LimitForm::Coking { normal, longest } => Some((normal, longest)),
                _ => None,
            });
        for a in rule.actions.values_mut() {
            let Action::ExtendCoking { normal, hours } = a else {
                continue;
            };
            match coking {
                Some((n, longest)) if *hours > n && *hours <= longest => *normal = n,
                Some((n, longest)) => problems.push(format!(
                    "{}extend_coking: {hours} h is not between the normal coking time ({n} h) \
                     and the longest the limits allow ({longest} h)",
                    at(&r.referenced)
                )),
                None => problems.push(format!(
                    "{}extend_coking needs the rule's industries to have a coking_time limit \
                     (limits: - industries: [...] coking_time: {{normal: 24, longest: 48}})",
                    at(&r.referenced)
                )),
            }
        }
    }
}

/// Parses and validates a catalog (see [`Catalog::from_yaml`]).
pub(super) fn from_yaml(text: &str) -> Result<Catalog, Vec<String>> {
    crate::yaml_guard::on_big_stack(|| read(text))
}

/// [`from_yaml`] on the calling thread.
fn read(text: &str) -> Result<Catalog, Vec<String>> {
    if let Some((line, column)) = crate::yaml_guard::too_deep(text) {
        return Err(vec![format!(
            "{line}:{column}: {}",
            crate::yaml_guard::message()
        )]);
    }
    let raw: RawCatalog = serde_saphyr::from_str(text).map_err(|e| vec![yaml_error(&e)])?;
    let mut problems = Vec::new();

    let rules: Vec<IndustryRule> = raw
        .industry
        .iter()
        .map(|r| rule(r, &mut problems))
        .collect();
    // Later rules win, so a plain rule after an overlapping stricter one would undo the
    // stricter rule exactly where it is meant to apply.
    for (j, later) in rules.iter().enumerate().filter(|(_, r)| !r.stricter) {
        if let Some(i) = (0..j).find(|&i| rules[i].stricter && overlap(&rules[i], later)) {
            let l = &raw.industry[i].referenced;
            problems.push(format!(
                "{}this rule follows the stricter rule at {}:{} and matches the same \
                 enterprises, so it would override it where stricter measures apply: list \
                 stricter rules after the rules they tighten",
                at(&raw.industry[j].referenced),
                l.line(),
                l.column()
            ));
        }
    }

    let placeholders = orders::placeholders(&raw.placeholders, &mut problems);
    let orders = orders::orders(&raw.orders, &placeholders, &mut problems);
    let transport = orders::transport(&raw.transport, &mut problems);

    let schemes = policy::schemes(&raw.grade_schemes, &mut problems);
    let exemptions = policy::exemptions(raw.exemptions.as_ref(), &mut problems);
    let limits = policy::limits(&raw.limits, &mut problems);
    let industry_names = policy::industry_names(&raw.industry_names, &mut problems);
    let mut catalog = Catalog {
        name: raw.name.trim().to_string(),
        source: raw.source.trim().to_string(),
        industry: rules,
        schemes,
        exemptions,
        limits,
        orders,
        placeholders,
        transport,
        industry_names,
    };
    coking_times(&mut catalog, &raw.industry, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(catalog)
}
