//! The keys each mapping of a scenario may hold, by path pattern: what `yaml::unknown_keys`
//! checks a scenario's keys against (a key added to `raw` is added here).

/// The keys each mapping of a scenario may hold, by path pattern (`[]` for any list index).
/// Patterns absent here (such as `observations.map` and `targets.cities`, whose keys are field
/// and city names checked by the validator) are not checked by [`unknown_keys`].
pub(super) fn allowed_keys(pattern: &str) -> Option<&'static [&'static str]> {
    const CONDITION: &[&str] = &["above", "for_hours", "for_days", "reaches", "all"];
    const LEVELS: &[&str] = &["blue", "yellow", "orange", "red"];
    if pattern.ends_with(".any[]") || pattern.ends_with(".all[]") {
        return Some(CONDITION);
    }
    // `targets.cities.<city>`: the keys under a city's name are levels.
    if pattern
        .strip_prefix("targets.cities.")
        .is_some_and(|city| !city.is_empty() && !city.contains('.'))
    {
        return Some(LEVELS);
    }
    // `cities[].orders.replace.<order id>`: a city's own wording.
    if pattern
        .strip_prefix("cities[].orders.replace.")
        .is_some_and(|id| !id.is_empty() && !id.contains('.'))
    {
        return Some(&["measure", "measure_en"]);
    }
    Some(match pattern {
        "" => &[
            "name",
            "title",
            "authority",
            "document",
            "period",
            "standard",
            "rules",
            "stations",
            "cities",
            "regions",
            "observations",
            "forecast",
            "dispatch",
            "inventory",
            "enterprises",
            "measures",
            "targets",
            "tighten",
            "xlsx",
            "seasonal",
            "projection",
        ],
        "seasonal[]" => &[
            "industries",
            "grades",
            "cities",
            "control",
            "start",
            "end",
            "document",
        ],
        "period" => &["start", "end"],
        "projection" => &[
            "transported",
            "secondary",
            "secondary_damping",
            "secondary_composition",
            "nox_response",
            "sectors",
            "phase_in_hours",
            "transport",
        ],
        "rules" => &[
            "base",
            "basis",
            "range_bound",
            "levels",
            "exclusions",
            "lead_time_hours",
            "lifting",
            "pre_warning",
        ],
        "rules.levels[]" => &["level", "any"],
        "rules.pre_warning" => &["enabled", "any"],
        "rules.exclusions" => &["o3_primary", "causes"],
        "rules.lifting" => &["convention", "aqi", "hours"],
        "cities[]" => &["name", "stations", "counties", "orders"],
        "cities[].orders" => &["fill", "enable", "disable", "replace"],
        "cities[].counties[]" => &["name", "stations"],
        "regions[]" => &["name", "cities", "counties", "trigger", "stricter"],
        "regions[].trigger" => &["min_cities", "min_share"],
        "observations" => &["files", "format", "map", "co_unit", "city"],
        "forecast" => &["file", "resolution", "quantity", "issued"],
        "enterprises" => &["file", "sheet"],
        "dispatch[]" => &[
            "id", "cities", "counties", "issued", "start", "end", "level", "stricter",
        ],
        "targets" => &[
            "blue",
            "yellow",
            "orange",
            "red",
            "cities",
            "count_estimates",
        ],
        _ => return None,
    })
}
