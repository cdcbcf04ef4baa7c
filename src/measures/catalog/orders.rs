//! The catalog's orders in YAML: the sector orders (templates with an id and a subject), the
//! placeholders their templates may use, and the transport rules of listed enterprises; each
//! checked with its location and key path (`12:14: orders[3].measure: …`).
//!
//! Sources of the rules checked here are in `crate::measures::orders` (practice.md 4-5,
//! standards.md 6.1-6.3).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::parse::{at, name, share};
use super::{OrderKind, SectorMeasure};
use crate::alert::WarningLevel;
use crate::diag::suggest::hint;
use crate::emissions::{EmissionPollutant, Sector, Share};
use crate::measures::wording::{self, is_placeholder_name, normalize};

/// A placeholder order templates may use, with the value a city that gives none gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// Name, as written in templates without its braces (`urban_area`).
    pub name: String,
    /// What a city gives for it.
    pub description: String,
    /// The value of a city that gives none (`城区`).
    pub default: String,
    /// The default in English texts, if it differs (`the urban area`).
    pub default_en: Option<String>,
}

/// The transport rule of listed enterprises from a level up: which heavy trucks they may no
/// longer use (门禁 systems keep them out; practice.md 4, standards.md 6.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportRule {
    /// The lowest level it applies at (a higher level's rule replaces it).
    pub level: WarningLevel,
    /// The rule as a notice words it (Chinese).
    pub measure: String,
    /// An English rendering, if given.
    pub measure_en: Option<String>,
}

/// The kinds of order.
#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawKind {
    Traffic,
    Dust,
    Other,
}

/// One sector order.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOrder {
    id: Spanned<String>,
    #[serde(default)]
    subject: Option<Spanned<String>>,
    kind: RawKind,
    level: Spanned<String>,
    measure: Spanned<String>,
    #[serde(default)]
    measure_en: Option<Spanned<String>>,
    #[serde(default)]
    sector: Option<Spanned<String>>,
    #[serde(default)]
    effect: RawEffect,
    #[serde(default)]
    stricter: bool,
    #[serde(default)]
    optional: bool,
}

/// The share of the sector's emissions an order removes, per pollutant (omitted: 0).
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEffect {
    so2: Option<Spanned<String>>,
    nox: Option<Spanned<String>>,
    pm: Option<Spanned<String>>,
    vocs: Option<Spanned<String>>,
}

/// One placeholder of the order templates.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlaceholder {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    default: Spanned<String>,
    #[serde(default)]
    default_en: Option<String>,
}

/// One transport rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTransport {
    level: Spanned<String>,
    measure: Spanned<String>,
    #[serde(default)]
    measure_en: Option<Spanned<String>>,
}

/// A level of an order or transport rule: blue, yellow, orange or red.
fn level(v: &Spanned<String>, what: &str, problems: &mut Vec<String>) -> Option<WarningLevel> {
    match v.value.parse::<WarningLevel>() {
        Ok(l) if l.is_warning() => Some(l),
        Ok(_) => {
            problems.push(format!(
                "{}{what} level is blue, yellow, orange or red",
                at(&v.referenced)
            ));
            None
        }
        Err(e) => {
            problems.push(format!("{}{e}", at(&v.referenced)));
            None
        }
    }
}

/// A text, normalized (no spaces from YAML folding), or none when empty.
fn text(v: Option<&Spanned<String>>) -> Option<String> {
    v.map(|t| normalize(&t.value)).filter(|t| !t.is_empty())
}

/// Checks the placeholders of a template against the declared ones.
fn template(v: &Spanned<String>, path: &str, declared: &[Placeholder], problems: &mut Vec<String>) {
    let names: Vec<&str> = declared.iter().map(|p| p.name.as_str()).collect();
    match wording::placeholders(&v.value) {
        Err(why) => problems.push(format!("{}{path}: {why}", at(&v.referenced))),
        Ok(used) => {
            for u in used.into_iter().filter(|u| !names.contains(u)) {
                let note = match hint(u, names.iter().copied()) {
                    h if !h.is_empty() => h,
                    _ if names.is_empty() => {
                        " (the catalog declares none under placeholders)".into()
                    }
                    _ => format!(" (declared: {})", names.join(", ")),
                };
                problems.push(format!(
                    "{}{path}: unknown placeholder '{{{u}}}'{note}",
                    at(&v.referenced)
                ));
            }
        }
    }
}

/// Converts the placeholders, refusing bad and repeated names.
pub(super) fn placeholders(
    raw: &[Spanned<RawPlaceholder>],
    problems: &mut Vec<String>,
) -> Vec<Placeholder> {
    let mut out: Vec<Placeholder> = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let n = p.value.name.value.trim();
        let path = format!("placeholders[{i}].name");
        if !is_placeholder_name(n) {
            problems.push(format!(
                "{}{path}: '{n}' is not a placeholder name (lower-case letters, digits and '_', \
                 starting with a letter)",
                at(&p.value.name.referenced)
            ));
            continue;
        }
        if out.iter().any(|o| o.name == n) {
            problems.push(format!(
                "{}{path}: placeholder '{n}' is declared twice",
                at(&p.value.name.referenced)
            ));
            continue;
        }
        out.push(Placeholder {
            name: n.to_string(),
            description: normalize(&p.value.description),
            default: normalize(&p.value.default.value),
            default_en: p.value.default_en.as_deref().map(normalize),
        });
    }
    out
}

/// Converts the transport rules, lowest level first; a level given twice is refused.
pub(super) fn transport(
    raw: &[Spanned<RawTransport>],
    problems: &mut Vec<String>,
) -> Vec<TransportRule> {
    let mut out: Vec<TransportRule> = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        let r = &t.value;
        let measure = name(&r.measure, &format!("transport[{i}].measure"), problems);
        let Some(l) = level(&r.level, "a transport rule's", problems) else {
            continue;
        };
        if out.iter().any(|o| o.level == l) {
            problems.push(format!(
                "{}transport[{i}].level: a second transport rule for {l}",
                at(&r.level.referenced)
            ));
            continue;
        }
        if let Some(m) = measure {
            out.push(TransportRule {
                level: l,
                measure: normalize(&m),
                measure_en: text(r.measure_en.as_ref()),
            });
        }
    }
    out.sort_by_key(|t| t.level);
    out
}

/// Converts one order; `i` is its index, for key paths.
fn order(
    raw: &Spanned<RawOrder>,
    i: usize,
    declared: &[Placeholder],
    problems: &mut Vec<String>,
) -> Option<SectorMeasure> {
    let o = &raw.value;
    let kind = match o.kind {
        RawKind::Traffic => OrderKind::Traffic,
        RawKind::Dust => OrderKind::Dust,
        RawKind::Other => OrderKind::Other,
    };
    let id = name(&o.id, &format!("orders[{i}].id"), problems);
    let subject = match &o.subject {
        Some(s) => name(s, &format!("orders[{i}].subject"), problems),
        // An order without a subject is alone on its own.
        None => id.clone(),
    };
    let level = level(&o.level, "an order's", problems);
    let measure = name(&o.measure, "the measure", problems);
    template(
        &o.measure,
        &format!("orders[{i}].measure"),
        declared,
        problems,
    );
    if let Some(en) = &o.measure_en {
        template(en, &format!("orders[{i}].measure_en"), declared, problems);
    }
    let sector = match &o.sector {
        None => Some(kind.default_sector()),
        Some(s) => Sector::parse(&s.value).or_else(|| {
            problems.push(format!(
                "{}unknown sector '{}' (industry, traffic, dust, residential, other)",
                at(&s.referenced),
                s.value.trim()
            ));
            None
        }),
    };
    let e = &o.effect;
    let mut effect = [Share(0); 4];
    let mut effect_ok = true;
    for (p, s) in EmissionPollutant::ALL
        .into_iter()
        .zip([&e.so2, &e.nox, &e.pm, &e.vocs])
    {
        if let Some(s) = s {
            match share(s, &format!("effect.{}", p.key()), problems) {
                Some(v) => effect[p as usize] = v,
                None => effect_ok = false,
            }
        }
    }
    if !effect_ok {
        return None;
    }
    Some(SectorMeasure {
        id: id?,
        subject: subject?,
        kind,
        level: level?,
        measure: normalize(&measure?),
        measure_en: text(o.measure_en.as_ref()),
        sector: sector?,
        effect,
        stricter: o.stricter,
        optional: o.optional,
    })
}

/// Converts the orders: ids unique, templates using declared placeholders only, and per
/// sector the effects of the orders that can be in force together (the strongest of each
/// subject) at most 100 % of each pollutant.
pub(super) fn orders(
    raw: &[Spanned<RawOrder>],
    declared: &[Placeholder],
    problems: &mut Vec<String>,
) -> Vec<SectorMeasure> {
    let mut out: Vec<SectorMeasure> = Vec::new();
    // Per sector and subject the largest effect, so per sector the most in force at once.
    let mut strongest: BTreeMap<(Sector, String), [u64; 4]> = BTreeMap::new();
    for (i, o) in raw.iter().enumerate() {
        let Some(m) = order(o, i, declared, problems) else {
            continue;
        };
        if out.iter().any(|x| x.id == m.id) {
            problems.push(format!(
                "{}orders[{i}].id: a second order with id '{}'",
                at(&o.value.id.referenced),
                m.id
            ));
            continue;
        }
        let before = sector_total(&strongest, m.sector);
        let s = strongest.entry((m.sector, m.subject.clone())).or_default();
        for p in EmissionPollutant::ALL {
            s[p as usize] = s[p as usize].max(u64::from(m.effect[p as usize].ppm()));
        }
        let after = sector_total(&strongest, m.sector);
        for p in EmissionPollutant::ALL {
            let (b, a) = (before[p as usize], after[p as usize]);
            if b <= 1_000_000 && a > 1_000_000 {
                problems.push(format!(
                    "{}the {} orders together remove {} of the sector's {} at the highest \
                     level: at most 100%",
                    at(&o.referenced),
                    m.sector.key(),
                    Share(u32::try_from(a).unwrap_or(u32::MAX)),
                    p.name()
                ));
            }
        }
        out.push(m);
    }
    out
}

/// The effects of a sector's strongest order of each subject, added up.
fn sector_total(strongest: &BTreeMap<(Sector, String), [u64; 4]>, sector: Sector) -> [u64; 4] {
    let mut t = [0u64; 4];
    for ((s, _), e) in strongest {
        if *s == sector {
            for (t, e) in t.iter_mut().zip(e) {
                *t += e;
            }
        }
    }
    t
}
