//! Shared helpers of the integration tests: the one way to run the binary, fixture paths, and
//! the location of the real data in `../shared/data` (skipped with a message when absent).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `hazeplan` binary with a clean environment and the repository as working directory.
pub fn hazeplan() -> Command {
    let mut cmd = Command::cargo_bin("hazeplan").expect("binary built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("RUST_LOG");
    cmd
}

/// A file under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A path under `../shared/data/`, or `None` (with a "skipped" line on stderr) when the shared
/// data are not beside this clone. CI always has them.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (the real data live beside the repository in CI)",
            p.display()
        );
        None
    }
}

/// A CSV table as one map (column name to value) per row.
pub fn csv_rows(bytes: &[u8]) -> Vec<std::collections::HashMap<String, String>> {
    let mut rdr = csv::Reader::from_reader(bytes);
    let header = rdr.headers().expect("a header").clone();
    rdr.records()
        .map(|r| {
            let r = r.expect("a record");
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Twelve days of three cities across New Year 2023, as CNEMC city files: a heavy episode
/// from 12-29 to 01-03 in two cities, none in the third.
pub fn new_year_files(dir: &Path) {
    let cities = ["临汾", "大同", "太原"];
    let start = chrono::NaiveDate::from_ymd_opt(2022, 12, 26).unwrap();
    for i in 0..12u32 {
        let date = start + chrono::Days::new(u64::from(i));
        let stamp = date.format("%Y%m%d").to_string();
        let episode = (3..=8).contains(&i);
        let mut text = format!("date,hour,type,{}\n", cities.join(","));
        for h in 0..24u32 {
            for (t, ty) in ["PM2.5", "PM10", "SO2", "NO2", "CO", "O3"]
                .iter()
                .enumerate()
            {
                let row: Vec<String> = (0..3u32)
                    .map(|c| {
                        let wiggle = (i * 13 + h * 7 + c * 5 + t as u32 * 3) % 40;
                        let heavy = episode && c != 1;
                        let v = match (t, heavy) {
                            (0, true) => 230 + 40 * c + wiggle,
                            (0, false) => 30 + wiggle,
                            (1, true) => 330 + wiggle,
                            (1, false) => 60 + wiggle,
                            (4, _) => 1 + wiggle % 3,
                            _ => 20 + wiggle,
                        };
                        v.to_string()
                    })
                    .collect();
                text.push_str(&format!("{stamp},{h},{ty},{}\n", row.join(",")));
            }
        }
        std::fs::write(dir.join(format!("china_cities_{stamp}.csv")), text).unwrap();
    }
}

/// The embedded images of report.html: each `<img>`'s decoded bytes, with the file its caption
/// gives: `NAME` for `(charts/NAME)`, else the path as written (`../charts/NAME`).
pub fn images(html: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for part in html.split("<figure>").skip(1) {
        let fig = &part[..part.find("</figure>").expect("a closed figure")];
        let data = fig
            .split("src=\"data:image/png;base64,")
            .nth(1)
            .expect("a PNG data URI");
        let data = &data[..data.find('"').unwrap()];
        let bytes =
            base64::Engine::decode(&base64::prelude::BASE64_STANDARD, data).expect("valid base64");
        let name = fig
            .split("<span class=\"note\">(")
            .nth(1)
            .expect("a file name");
        let name = &name[..name.find(')').unwrap()];
        out.push((
            name.strip_prefix("charts/").unwrap_or(name).to_string(),
            bytes,
        ));
    }
    out
}

/// Width and height of a PNG, decoding it whole (so that a broken image fails).
pub fn png_size(bytes: &[u8]) -> (u32, u32) {
    let mut r = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).expect("a decodable PNG");
    (info.width, info.height)
}

/// Text with the five character references of report.html's escaping resolved.
pub fn unescape(t: &str) -> String {
    t.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of the page without its markup and stylesheet.
pub fn visible_text(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..];
    let mut s = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                s.push(' ');
            }
            c if !in_tag => s.push(c),
            _ => {}
        }
    }
    s
}
