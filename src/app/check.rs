//! `hazeplan check SCENARIO`: validates a scenario and the files it names, and prints a short
//! summary of what it holds. Problems are the error (all of them, printed by `main`, exit 1).
//! A hindcast's observations are read, as `run` reads them.

use std::io::Write;

use crate::Error;
use crate::cli::CheckArgs;
use crate::scenario::{Forecast, Quantity, RegionalTrigger, Resolution, Scenario};

pub(super) fn run(args: &CheckArgs, quiet: bool) -> Result<u8, Error> {
    let checked = load(args);
    let mut out = std::io::stdout().lock();
    if args.json {
        let text = json(args, &checked);
        out.write_all(text.as_bytes()).map_err(Error::stdout)?;
        return Ok(u8::from(checked.is_err()));
    }
    let scenario = checked?;
    if quiet {
        return Ok(0);
    }
    out.write_all(summary(&scenario).as_bytes())
        .map_err(Error::stdout)?;
    Ok(0)
}

/// The scenario, checked as `run` would load it.
fn load(args: &CheckArgs) -> Result<Scenario, Error> {
    let scenario = crate::scenario::load(&args.scenario)?;
    // A hindcast's observations are its forecast: read them as `run` does, so that `check`
    // fails where `run` would, naming each file and why.
    if scenario.forecast == Forecast::Observed {
        crate::alert::observed::from_observations(&crate::plan::alert_inputs(&scenario))?;
    }
    Ok(scenario)
}

/// `check --json`: `{"scenario", "ok", "problems": [{file, line, column, path, message,
/// suggestion}]}`, the same problems as the text output.
fn json(args: &CheckArgs, checked: &Result<Scenario, Error>) -> String {
    use crate::diag::Problem;
    let problems: Vec<Problem> = match checked {
        Ok(_) => Vec::new(),
        Err(Error::Scenario(e)) => e.problems.clone(),
        Err(other) => vec![Problem::in_file(&args.scenario, other.to_string())],
    };
    let items: Vec<serde_json::Value> = problems
        .iter()
        .map(|p| {
            let suggestion = p
                .message
                .split_once("did you mean '")
                .and_then(|(_, rest)| rest.split_once('\''))
                .map(|(s, _)| s.to_string());
            serde_json::json!({
                "file": p.file.display().to_string(),
                "line": p.line,
                "column": p.column,
                "path": p.context,
                "message": p.message,
                "suggestion": suggestion,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "scenario": args.scenario.display().to_string(),
        "ok": problems.is_empty(),
        "problems": items,
    });
    format!("{doc}\n")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary printed for a valid scenario.
pub(crate) fn summary(s: &Scenario) -> String {
    let (start, end) = s.period;
    let days = (end - start).num_days() + 1;
    let mut t = format!("{}: ok\n", s.path.display());
    t += &format!("name      {}\n", s.name);
    if let Some(title) = &s.title {
        t += &format!("title     {title}\n");
    }
    t += &format!(
        "period    {start} to {end} ({})\n",
        plural(days as usize, "day", "days")
    );
    t += &format!(
        "standard  {}\n",
        clap::ValueEnum::to_possible_value(&s.standard)
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    );
    let levels: Vec<&str> = s.rules.levels.iter().map(|l| l.level.id()).collect();
    t += &format!("rules     {}: levels {}\n", s.rules.name, levels.join(", "));
    let names: Vec<&str> = s.cities.iter().map(|c| c.name.as_str()).collect();
    t += &format!(
        "cities    {}: {}\n",
        plural(names.len(), "city", "cities"),
        names.join(", ")
    );
    for c in s.cities.iter().filter(|c| !c.counties.is_empty()) {
        let ks: Vec<String> = c
            .counties
            .iter()
            .map(|k| match k.stations.len() {
                0 => k.name.clone(),
                n => format!("{} ({})", k.name, plural(n, "station", "stations")),
            })
            .collect();
        t += &format!("counties  {}: {}\n", c.name, ks.join(", "));
    }
    t += &format!(
        "regions   {}\n",
        plural(s.regions.len(), "region", "regions")
    );
    for r in &s.regions {
        let mut members: Vec<String> = r.cities.clone();
        members.extend(r.counties.iter().map(|(c, k)| format!("{c} {k}")));
        let trigger = match r.trigger {
            RegionalTrigger::None => "no linkage trigger".to_string(),
            RegionalTrigger::MinCities(k) => format!("linkage at {k} members"),
            RegionalTrigger::MinShare(x) => format!("linkage at {:.0}% of members", x * 100.0),
        };
        t += &format!("          {}: {} ({trigger})\n", r.name, members.join(", "));
        if let Some(src) = &r.source {
            t += &format!("          shipped: {src}\n");
        }
    }
    t += &format!(
        "dispatch  {}\n",
        plural(s.dispatch.len(), "order", "orders")
    );
    for o in &s.dispatch {
        let mut areas: Vec<String> = o.cities.clone();
        areas.extend(o.counties.iter().map(|(c, k)| format!("{c} {k}")));
        t += &format!(
            "          {}: at least {} from {} to {} for {}\n",
            o.id,
            o.level,
            o.start.format("%Y-%m-%d %H:%M"),
            o.end.format("%Y-%m-%d %H:%M"),
            areas.join(", ")
        );
    }
    match &s.forecast {
        Forecast::Observed => {
            let n = s.observations.as_ref().map_or(0, |o| o.files.len());
            t += &format!(
                "forecast  observed (hindcast from {})\n",
                plural(n, "observation input", "observation inputs")
            );
        }
        Forecast::Table(f) => {
            let res = match f.resolution {
                Resolution::Daily => "daily",
                Resolution::Hourly => "hourly",
            };
            let q = match f.quantity {
                Quantity::Aqi => "AQI",
                Quantity::Pm25 => "PM2.5",
            };
            let county_rows = f.rows.iter().filter(|r| r.county.is_some()).count();
            t += &format!(
                "forecast  {res} {q}, {}{} from {}\n",
                plural(f.rows.len(), "row", "rows"),
                if county_rows > 0 {
                    format!(" ({county_rows} of counties)")
                } else {
                    String::new()
                },
                f.path.display()
            );
        }
    }
    if !s.enterprises.is_empty() || s.inventory.is_some() {
        let protected = s
            .enterprises
            .iter()
            .filter(|e| e.protected.is_some())
            .count();
        t += &format!(
            "measures  {} ({} protected), inventory for {}, catalog {}{}\n",
            plural(s.enterprises.len(), "enterprise", "enterprises"),
            protected,
            plural(
                s.inventory.as_ref().map_or(0, |i| i.cities.len()),
                "city",
                "cities"
            ),
            s.catalog.name,
            if s.tighten { ", tighten" } else { "" }
        );
        let targets: Vec<String> = s
            .targets
            .default
            .iter()
            .map(|(l, share)| format!("{l} {share}"))
            .collect();
        t += &industries_line(s);
        t += &seasonal_line(s);
        t += &format!("targets   {}", targets.join(", "));
        for (city, m) in &s.targets.cities {
            let o: Vec<String> = m.iter().map(|(l, share)| format!("{l} {share}")).collect();
            t += &format!("; {city}: {}", o.join(", "));
        }
        t += "\n";
    }
    t
}

/// The enterprises' industries that no catalog rule names: they take the rules for every
/// industry only, which is right for an industry the catalog has no rules for and wrong for a
/// misspelt one (`steal` gets none of the steel rules), so they are listed with a hint.
fn industries_line(s: &Scenario) -> String {
    let mut generic: Vec<(&str, usize)> = Vec::new();
    for e in &s.enterprises {
        let name = e.industry.trim();
        // An enterprise without a grade is outside the graded industries by definition: the
        // rules for every industry are its rules (其他行业).
        if s.catalog.names_industry(name) || e.grade == crate::measures::Grade::Ungraded {
            continue;
        }
        match generic.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += 1,
            None => generic.push((name, 1)),
        }
    }
    if generic.is_empty() {
        return String::new();
    }
    let named = s.catalog.named_industries();
    let listed: Vec<String> = generic
        .iter()
        .map(|(name, count)| {
            let hint = crate::diag::suggest::hint(name, named.iter().copied());
            format!(
                "{name} ({}){hint}",
                plural(*count, "enterprise", "enterprises")
            )
        })
        .collect();
    format!(
        "generic   {} (no catalog rule names these industries: only the rules for every \
         industry apply)\n",
        listed.join(", ")
    )
}

/// The seasonal controls (错峰) the list and the rules give, by control and source.
fn seasonal_line(s: &Scenario) -> String {
    use crate::measures::{SeasonalControl, SeasonalSource};
    let with: Vec<_> = s
        .enterprises
        .iter()
        .filter_map(|e| e.seasonal.as_ref())
        .collect();
    if with.is_empty() {
        return String::new();
    }
    let stopped = with
        .iter()
        .filter(|x| x.control == SeasonalControl::Stop)
        .count();
    let by_rule = with
        .iter()
        .filter(|x| matches!(x.source, SeasonalSource::Rule { .. }))
        .count();
    format!(
        "seasonal  {} under seasonal controls (错峰: {stopped} stopped, {} staggered; {} from the \
         list, {by_rule} from seasonal rules), the baseline of the warning measures\n",
        plural(with.len(), "row", "rows"),
        with.len() - stopped,
        with.len() - by_rule,
    )
}
