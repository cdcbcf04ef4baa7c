//! `hazeplan aqi INPUT...`: the hourly or daily AQI of every station or city in monitoring
//! files, as CSV, with the data-quality summary on standard error.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};

use crate::Error;
use crate::aqi::{AqiOptions, Period, StandardChoice, score};
use crate::cli::{AqiArgs, By, CoUnitArg};
use crate::ingest::{
    CoUnit, FrameStream, HourFrame, MissingMarkers, QcValid, Quality, ReadOptions, expand_inputs,
    station_list,
};
use crate::output::atomic::Output;
use crate::report::table;
use crate::stats::series::day_of;
use crate::stats::{Rules, Series, city_values};

/// How many messages of each defect kind go to standard error.
const MESSAGES_PER_KIND: usize = 20;

pub(super) fn run(args: &AqiArgs, quiet: bool) -> Result<u8, Error> {
    let given = [
        args.pm25,
        args.pm10,
        args.so2,
        args.no2,
        args.co,
        args.o3,
        args.o3_8h,
        args.so2_24h,
    ];
    if given.iter().any(Option::is_some) {
        return Err(Error::Usage(
            "give either input files or concentrations (--pm25 …), not both".into(),
        ));
    }
    // `-` is standard input, spooled to a temporary file (the readers look at a file twice:
    // its header first, then its rows), named `-` in messages.
    let stdin_copy = if args.inputs.iter().any(|p| p.as_os_str() == "-") {
        Some(spool_stdin()?)
    } else {
        None
    };
    let given: Vec<PathBuf> = args
        .inputs
        .iter()
        .map(|p| match (&stdin_copy, p.as_os_str() == "-") {
            (Some(t), true) => t.path().to_path_buf(),
            _ => p.clone(),
        })
        .collect();
    let paths = expand_inputs(&given)?;
    let names: Vec<String> = paths
        .iter()
        .map(|p| match &stdin_copy {
            Some(t) if p == t.path() => "-".to_string(),
            _ => p.display().to_string(),
        })
        .collect();
    let stations = station_list(args.stations.as_deref())?;
    let opts = ReadOptions {
        format: args.format,
        maps: args.maps.clone(),
        co_unit: args.co_unit.map(|u| match u {
            CoUnitArg::Mg => CoUnit::Mg,
            CoUnitArg::Ug => CoUnit::Ug,
        }),
        missing: MissingMarkers::new(args.layout.missing.clone()),
        city: args.city.clone(),
        header_row: args.layout.header_row,
        tz: args.layout.tz,
        qc_valid: QcValid::new(args.layout.qc_valid.clone()),
    };
    let job = Job {
        period: args.period,
        by: args.by,
        standard: args.standard,
        aqi: AqiOptions::default(),
        rules: Rules::default(),
    };
    // Both outputs are opened (their folders made) before anything is read or printed: a bad
    // `--quality` path fails before the table goes to standard output.
    let out = Output::csv(args.output.as_deref(), !args.no_bom)?;
    let quality_out = args
        .quality
        .as_deref()
        .map(|p| Output::csv(Some(p), !args.no_bom))
        .transpose()?;
    let mut stream = FrameStream::open_named(&paths, &names, stations, opts);
    let header = match args.period {
        Period::Hour => table::HOURLY_HEADER.to_vec(),
        Period::Day => table::daily_header(),
    };
    let mut w = Table {
        w: csv::Writer::from_writer(out),
        header: Some(header),
    };
    let rows = job.run(&mut stream, &mut w)?;
    let quality = &stream.quality;
    // Quiet: the defects still count (--strict, --quality FILE), the summary is not printed.
    if !quiet {
        if args.by == By::City {
            note_cityless(&stream, quality);
        }
        eprint!("{}", table::quality_text(quality, MESSAGES_PER_KIND));
    }
    if let Some(mut q) = quality_out {
        table::quality_csv(&mut q, quality).map_err(|e| q.err(e))?;
        q.commit()?;
    }
    if rows == 0 && quality.files.iter().all(|f| f.rows == 0) {
        // The table is dropped unwritten: a file output's temporary file goes, and standard
        // output got nothing, not even the header.
        return Err(Error::NoData);
    }
    // Rows were read but none made a value: the table is its header alone.
    w.start()?;
    let out = w.w.into_inner().map_err(|e| {
        let source = std::io::Error::new(e.error().kind(), e.error().to_string());
        e.into_inner().get_ref().err(source)
    })?;
    if args.strict && quality.defect_count > 0 {
        // The temporary output is dropped, not renamed: nothing is written.
        return Err(Error::Strict {
            count: quality.defect_count,
        });
    }
    out.commit()?;
    Ok(0)
}

fn note_cityless(stream: &FrameStream, _q: &Quality) {
    let cityless = (0..stream.sites.len())
        .map(|i| stream.sites.get(crate::ingest::SiteId(i as u32)))
        .filter(|s| s.kind == crate::ingest::SiteKind::Station && s.city.is_none())
        .count();
    if cityless > 0 {
        eprintln!(
            "note: {cityless} station(s) have no city and are left out of city values \
             (give --stations FILE, or --city NAME for long files)"
        );
    }
}

/// One run over the frames.
struct Job {
    period: Period,
    by: By,
    standard: StandardChoice,
    aqi: AqiOptions,
    rules: Rules,
}

impl Job {
    /// Streams every frame through the series of its sites and writes the rows; returns the
    /// number of rows written.
    fn run(&self, stream: &mut FrameStream, out: &mut Table) -> Result<u64, Error> {
        let mut series: BTreeMap<String, Series> = BTreeMap::new();
        let mut day: Option<NaiveDate> = None;
        let mut rows = 0u64;
        while let Some(frame) = stream.next_frame() {
            let d = day_of(frame.time);
            if let Some(prev) = day
                && d > prev
            {
                rows += self.close_days(&mut series, prev, out)?;
            }
            day = Some(d);
            for (site, values) in self.site_values(&frame, stream) {
                let s = series
                    .entry(site.clone())
                    .or_insert_with(|| Series::new(self.rules));
                let hs = s.push(frame.time, &values);
                if self.period == Period::Hour {
                    rows += 1;
                    self.hour_row(out, frame.time, &site, &hs.readings())?;
                }
            }
        }
        if let Some(prev) = day {
            rows += self.close_days(&mut series, prev, out)?;
        }
        Ok(rows)
    }

    /// The values of each site of a frame, sorted by site (station code or city name).
    fn site_values(
        &self,
        frame: &HourFrame,
        stream: &FrameStream,
    ) -> Vec<(String, crate::ingest::Values)> {
        match self.by {
            By::Station => {
                let mut v: Vec<_> = frame
                    .rows
                    .iter()
                    .map(|r| (stream.sites.get(r.site).key.clone(), r.values))
                    .collect();
                v.sort_by(|a, b| a.0.cmp(&b.0));
                v
            }
            By::City => city_values(frame, &stream.sites, &self.rules)
                .into_iter()
                .collect(),
        }
    }

    fn hour_row(
        &self,
        out: &mut Table,
        time: NaiveDateTime,
        site: &str,
        r: &crate::aqi::Readings,
    ) -> Result<(), Error> {
        let standard = self.standard.for_hour_ending(time);
        let res = score(r, Period::Hour, standard, &self.aqi);
        record(out, &table::hourly_record(time, site, &res))
    }

    /// Completes every series through `day` and writes the daily rows (daily period only).
    fn close_days(
        &self,
        series: &mut BTreeMap<String, Series>,
        day: NaiveDate,
        out: &mut Table,
    ) -> Result<u64, Error> {
        let mut done = Vec::new();
        for (site, s) in series.iter_mut() {
            s.close_through(day);
            for d in s.take_days() {
                done.push((d.date, site.clone(), d));
            }
        }
        if self.period != Period::Day {
            return Ok(0);
        }
        done.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        for (date, site, d) in &done {
            let standard = self.standard.for_date(*date);
            let res = score(&d.readings(), Period::Day, standard, &self.aqi);
            record(out, &table::daily_record(*date, site, &res, d))?;
        }
        Ok(done.len() as u64)
    }
}

/// Standard input copied into a temporary file.
fn spool_stdin() -> Result<tempfile::NamedTempFile, Error> {
    let mut t = tempfile::NamedTempFile::new().map_err(|e| Error::Input {
        path: PathBuf::from("-"),
        message: format!("cannot buffer standard input: {e}"),
    })?;
    std::io::copy(&mut std::io::stdin().lock(), t.as_file_mut()).map_err(|e| Error::Input {
        path: PathBuf::from("-"),
        message: format!("cannot read standard input: {e}"),
    })?;
    Ok(t)
}

/// The output table: CSV records into the output file (or standard output). The header is
/// held back until the first row (or the end): an input with nothing in it fails with an
/// empty standard output, not a header followed by an error.
struct Table {
    w: csv::Writer<Output>,
    header: Option<Vec<&'static str>>,
}

impl Table {
    /// Writes the header if it is still pending.
    fn start(&mut self) -> Result<(), Error> {
        match self.header.take() {
            Some(h) => write(&mut self.w, &h),
            None => Ok(()),
        }
    }
}

/// Writes one record (after the header), an error naming the output.
fn record<S: AsRef<[u8]>>(t: &mut Table, cells: &[S]) -> Result<(), Error> {
    t.start()?;
    write(&mut t.w, cells)
}

fn write<S: AsRef<[u8]>>(w: &mut csv::Writer<Output>, cells: &[S]) -> Result<(), Error> {
    w.write_record(cells).map_err(|e| {
        let source = match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            other => std::io::Error::other(format!("{other:?}")),
        };
        w.get_ref().err(source)
    })
}
