//! The fast way through an archive file reads what the general way reads.

use proptest::prelude::*;

use super::*;
use crate::ingest::text::MissingMarkers;

/// Reads `text` as file 0, by the fast way (default markers) or only the general way (a
/// marker that never matches turns the fast way off); returns the day and the defects.
fn read_text(text: &str, general_only: bool) -> (DayFile, Vec<String>, u64) {
    let mut opts = ReadOptions::default();
    if general_only {
        opts.missing = MissingMarkers::new(vec!["never-a-cell".into()]);
    }
    let mut quality = Quality::default();
    quality.files.push(FileQuality {
        file: "f.csv".into(),
        ..FileQuality::default()
    });
    let mut sites = Sites::default();
    let mut records = Records::new(text.as_bytes());
    let line = first_line(&mut records, &mut quality, FileId(0)).expect("a header");
    let header = Header::new(line.decode(), &mut sites, None, &opts);
    let day = read_day(FileId(0), records, &header, &opts, &mut quality);
    let defects = quality
        .defects
        .iter()
        .map(|d| {
            format!(
                "{}:{} {:?} {}",
                d.line,
                d.column.as_deref().unwrap_or("-"),
                d.kind,
                d.message
            )
        })
        .collect();
    (day, defects, quality.files[0].rows)
}

fn values(day: &DayFile) -> Vec<(NaiveDateTime, u64, Vec<u64>)> {
    day.hours
        .iter()
        .map(|h| (h.time, h.line, h.values.clone()))
        .collect()
}

const TYPES: [&str; 10] = [
    "PM2.5",
    "PM10",
    "SO2",
    "NO2",
    "CO",
    "O3",
    "O3_8h",
    "AQI",
    "PM2.5_24h",
    "CO_24h",
];

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        6 => (0u32..2000).prop_map(|v| v.to_string()),
        2 => (0u32..100, 0u32..1000).prop_map(|(a, b)| format!("{a}.{b}")),
        1 => prop::sample::select(vec![
            " 12", "NA", "-5", "1e3", ".", "1.2.3", "-999", "0.0000001", "99999999999",
            "1234567.5", "—", "7 ",
        ])
        .prop_map(str::to_string),
    ]
}

fn row() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["20230101", "20230101", "2023-01-01", "2023011"]),
        prop::sample::select(vec!["0", "1", "2", "23", "24", "x"]),
        prop::sample::select(TYPES.to_vec()),
        prop::collection::vec(cell(), 2..6),
    )
        .prop_map(|(d, h, t, cells)| format!("{d},{h},{t},{}", cells.join(",")))
}

proptest! {
    #[test]
    fn the_fast_way_reads_what_the_general_way_reads(
        rows in prop::collection::vec(row(), 0..40),
        crlf in any::<bool>(),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("date,hour,type,1001A,1002A,1003A,1004A{end}");
        for r in &rows {
            text.push_str(r);
            text.push_str(end);
        }
        let (fast, fast_defects, fast_rows) = read_text(&text, false);
        let (general, general_defects, general_rows) = read_text(&text, true);
        prop_assert_eq!(values(&fast), values(&general));
        prop_assert_eq!(fast.counts, general.counts);
        prop_assert_eq!(fast_defects, general_defects);
        prop_assert_eq!(fast_rows, general_rows);
    }
}

#[test]
fn skipped_types_still_report_short_rows_and_bad_times() {
    let text = "date,hour,type,1001A,1002A\n20230101,1,AQI,50,60\n20230101,1,AQI,50\n\
                2023x,1,AQI,50,60\n20230101,1,PM2.5,10,20\n";
    let (day, defects, rows) = read_text(text, false);
    assert_eq!(rows, 4);
    assert_eq!(day.hours.len(), 1);
    assert_eq!(day.hours[0].line, 5);
    assert_eq!(defects.len(), 2, "{defects:?}");
    assert!(defects[0].starts_with("3:- ShortRow"), "{defects:?}");
    assert!(defects[1].starts_with("4:date BadTime"), "{defects:?}");
}

proptest! {
    /// Whatever the bytes after a valid header, reading never panics and every value read is a
    /// valid concentration.
    #[test]
    fn any_bytes_read_without_panic(
        body in prop::collection::vec(
            prop::sample::select(b"0123456789.,-\"\r\nAPM2.5O3_8hCOx ".to_vec()),
            0..400,
        ),
        general_only in any::<bool>(),
    ) {
        let mut text = b"date,hour,type,1001A,1002A\n20230101,1,PM2.5,".to_vec();
        text.extend(&body);
        let text = String::from_utf8_lossy(&text).into_owned();
        let (day, _, _) = read_text(&text, general_only);
        for h in &day.hours {
            for col in 0..day.width() {
                let _ = h.column(day.width(), col);
            }
        }
        let frames = day.into_frames(FileId(0));
        prop_assert!(frames.windows(2).all(|w| w[0].time < w[1].time));
    }
}
