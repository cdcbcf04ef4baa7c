//! How the report words what it shows, in each language: times, levels with their response,
//! order kinds, shares and tonnages for reading (the files keep the exact values). Shared by
//! report.md's parts ([`super::plan_md`], [`super::plan_list`], [`super::plan_window`]).

use chrono::NaiveDateTime;

use super::plan::Lang;
use crate::accounting::rate_tonnes;
use crate::alert::WarningLevel;
use crate::measures::OrderKind;

/// A time as the report writes it.
pub(super) fn t(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%d %H:%M").to_string()
}

/// A level with its response (`橙色预警（Ⅱ级响应）`, practice.md 5).
pub(super) fn level_name(l: WarningLevel, lang: Lang) -> String {
    match lang {
        Lang::Zh => l.label_zh(),
        Lang::En => l.label_en(),
    }
}

/// The heading of an order kind.
pub(super) fn kind_name(k: OrderKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (OrderKind::Traffic, Lang::Zh) => "移动源",
        (OrderKind::Dust, Lang::Zh) => "扬尘源",
        (OrderKind::Other, Lang::Zh) => "其他",
        (OrderKind::Traffic, Lang::En) => "Traffic",
        (OrderKind::Dust, Lang::En) => "Dust",
        (OrderKind::Other, Lang::En) => "Other",
    }
}

/// A reduction share for reading, one decimal (the files keep the exact values).
pub(super) fn pct(ppm: u128) -> String {
    format!("{:.1}%", ppm as f64 / 10_000.0)
}

/// Tonnes per day of a scaled rate, for reading.
pub(super) fn tonnes(scaled: u128) -> f64 {
    rate_tonnes(scaled).micro() as f64 / 1e6
}
