//! The checks of a scenario that touch the file system: the station list (read, and every
//! city's station codes looked up in it), the observation files and folders, and the forecast
//! (its options, its file, and its rows through [`super::forecast`]). Relative paths are taken
//! from the scenario's folder, so a scenario and its data move together.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde_saphyr::Spanned;

use super::forecast;
use super::raw::{RawCity, RawForecastTable, RawObservations, ScalarOr};
use super::validate::Checker;
use crate::alert::{Forecast, ForecastTable, Quantity, Resolution};
use crate::diag::problem::Problem;
use crate::diag::suggest::hint;
use crate::ingest::Observations;
use crate::ingest::header::{Field, recognise};
use crate::ingest::stations::StationListError;
use crate::ingest::{CoUnit, ColumnMap, FormatChoice, StationList, expand_inputs};

/// A station-list error as a problem of that file (its messages start with the line, if any).
fn station_problem(file: &Path, e: &StationListError) -> Problem {
    let m = e.to_string();
    match m.split_once(": ") {
        Some((n, rest)) if n.parse::<u64>().is_ok() => {
            Problem::on_line(file, n.parse().unwrap_or(0), None, rest.to_string())
        }
        _ => Problem::in_file(file, m),
    }
}

impl Checker<'_> {
    /// The resolved path of a file or folder named in the scenario, if it exists (and, with
    /// `file_only`, is a file).
    pub(super) fn existing(
        &mut self,
        v: &Spanned<String>,
        path: &str,
        file_only: bool,
    ) -> Option<PathBuf> {
        let given = v.value.trim();
        if given.is_empty() {
            self.at(v, path, "no path given");
            return None;
        }
        let p = self.resolve(given);
        let looked = if p == Path::new(given) {
            String::new()
        } else {
            format!(" (looked for {})", p.display())
        };
        if !p.exists() {
            let what = if file_only { "file" } else { "file or folder" };
            self.at(v, path, format!("no such {what} '{given}'{looked}"));
            return None;
        }
        if file_only && !p.is_file() {
            self.at(v, path, format!("'{given}' is not a file{looked}"));
            return None;
        }
        Some(p)
    }

    pub(super) fn station_list(
        &mut self,
        v: Option<&Spanned<String>>,
        cities: &Spanned<Vec<Spanned<ScalarOr<RawCity>>>>,
    ) -> Option<PathBuf> {
        let p = self.existing(v?, "stations", true)?;
        let list = match StationList::from_path(&p) {
            Ok(list) => list,
            Err(errors) => {
                self.problems
                    .extend(errors.iter().map(|e| station_problem(&p, e)));
                return Some(p);
            }
        };
        for (i, c) in cities.value.iter().enumerate() {
            let ScalarOr::Map(RawCity {
                stations, counties, ..
            }) = &c.value
            else {
                continue;
            };
            let mut lists = vec![(format!("cities[{i}]"), stations.as_deref())];
            for (k, county) in counties.iter().flatten().enumerate() {
                if let ScalarOr::Map(m) = &county.value {
                    lists.push((format!("cities[{i}].counties[{k}]"), m.stations.as_deref()));
                }
            }
            for (path, codes) in lists {
                for (k, code) in codes.unwrap_or_default().iter().enumerate() {
                    let s = code.value.trim();
                    if !s.is_empty() && list.get(s).is_none() {
                        let msg =
                            format!("station '{s}' is not in the station list {}", p.display());
                        self.at(code, &format!("{path}.stations[{k}]"), msg);
                    }
                }
            }
        }
        Some(p)
    }

    pub(super) fn observations(
        &mut self,
        v: Option<&Spanned<RawObservations>>,
        names: &[&str],
    ) -> Option<Observations> {
        let o = &v?.value;
        if o.files.value.is_empty() {
            self.at(
                &o.files,
                "observations.files",
                "no files: list at least one file or folder",
            );
        }
        let mut files = Vec::new();
        for (i, f) in o.files.value.iter().enumerate() {
            let path = format!("observations.files[{i}]");
            let Some(p) = self.existing(f, &path, false) else {
                continue;
            };
            // A folder must hold data: `hazeplan aqi` refuses an empty one, so say it now.
            if let Err(e) = expand_inputs(std::slice::from_ref(&p)) {
                let msg = match e {
                    crate::Error::Input { message, .. } => message,
                    other => other.to_string(),
                };
                self.at(f, &path, msg);
            }
            files.push(p);
        }
        let format = match &o.format {
            None => FormatChoice::Auto,
            Some(f) => FormatChoice::from_str(f.value.trim(), true).unwrap_or_else(|_| {
                self.unknown(
                    f,
                    "observations.format",
                    "format",
                    &["auto", "long", "cnemc"],
                );
                FormatChoice::Auto
            }),
        };
        let map = o
            .map
            .as_ref()
            .map(|m| self.column_map(m))
            .unwrap_or_default();
        let co_unit =
            o.co_unit
                .as_ref()
                .and_then(|u| match u.value.trim().to_ascii_lowercase().as_str() {
                    "mg" => Some(CoUnit::Mg),
                    "ug" => Some(CoUnit::Ug),
                    _ => {
                        self.unknown(u, "observations.co_unit", "CO unit", &["mg", "ug"]);
                        None
                    }
                });
        let city = o.city.as_ref().and_then(|c| {
            self.city_ref(c, "observations.city", names)
                .then(|| c.value.trim().to_string())
        });
        Some(Observations {
            files,
            format,
            map,
            co_unit,
            city,
        })
    }

    fn column_map(&mut self, m: &Spanned<super::raw::Pairs>) -> Vec<ColumnMap> {
        let mut out: Vec<ColumnMap> = Vec::new();
        let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        for (k, col) in &m.value.0 {
            let name = k.value.trim();
            let path = format!("observations.map.{name}");
            let Some(field) = Field::from_key(name) else {
                // A header spelling (`PM2.5`, `监测时间`) names its field exactly.
                let note = match recognise(name) {
                    Some(f) => format!(" (did you mean '{f}'?)"),
                    None => match hint(name, keys.iter().copied()) {
                        h if h.is_empty() => format!(" (fields: {})", keys.join(", ")),
                        h => h,
                    },
                };
                self.at(k, &path, format!("unknown field '{name}'{note}"));
                continue;
            };
            let column = col.value.trim().to_string();
            if column.is_empty() {
                self.at(col, &path, "no column name");
                continue;
            }
            if let Some(prev) = out.iter().find(|c| c.column == column) {
                let msg = format!("column '{column}' is already mapped to {}", prev.field);
                self.at(col, &path, msg);
                continue;
            }
            out.push(ColumnMap { field, column });
        }
        out
    }

    pub(super) fn forecast(
        &mut self,
        v: &Spanned<ScalarOr<RawForecastTable>>,
        has_observations: bool,
        cities: &[crate::alert::City],
    ) -> Option<Forecast> {
        let t = match &v.value {
            ScalarOr::Scalar(word) if word.trim().eq_ignore_ascii_case("observed") => {
                if !has_observations {
                    self.at(
                        v,
                        "forecast",
                        "'observed' replays the observations, but there is no observations section",
                    );
                }
                return Some(Forecast::Observed);
            }
            ScalarOr::Scalar(word) => {
                let word = word.trim();
                let msg = format!(
                    "unknown forecast '{word}'{} (give 'observed' or a mapping with file, resolution and quantity)",
                    hint(word, ["observed"])
                );
                self.at(v, "forecast", msg);
                return None;
            }
            ScalarOr::Map(t) => t,
        };
        let resolution = match &t.resolution {
            None => Some(Resolution::Daily),
            Some(r) => match r.value.trim().to_ascii_lowercase().as_str() {
                "daily" => Some(Resolution::Daily),
                "hourly" => Some(Resolution::Hourly),
                _ => {
                    self.unknown(r, "forecast.resolution", "resolution", &["daily", "hourly"]);
                    None
                }
            },
        };
        let quantity = match &t.quantity {
            None => Some(Quantity::Aqi),
            Some(q) => match q.value.trim().to_ascii_lowercase().as_str() {
                "aqi" => Some(Quantity::Aqi),
                "pm25" | "pm2.5" => Some(Quantity::Pm25),
                _ => {
                    self.unknown(q, "forecast.quantity", "quantity", &["aqi", "pm25"]);
                    None
                }
            },
        };
        let issued = t.issued.as_ref().and_then(|v| {
            forecast::parse_issued(&v.value)
                .map_err(|e| self.at(v, "forecast.issued", e))
                .ok()
        });
        let path = self.existing(&t.file, "forecast.file", true)?;
        let (resolution, quantity) = (resolution?, quantity?);
        // Without cities every row would be an "unknown city"; that problem is reported
        // under `cities` already.
        if cities.is_empty() {
            return None;
        }
        match forecast::read(&path, resolution, quantity, cities) {
            Ok(rows) => Some(Forecast::Table(ForecastTable {
                path,
                resolution,
                quantity,
                rows,
                issued,
            })),
            Err(problems) => {
                self.problems.extend(problems);
                None
            }
        }
    }
}
