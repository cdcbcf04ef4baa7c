//! Files that open right where analysts compute (#16 item 1): shares are numbers of percent in
//! `_pct` columns, forecast ranges have their bounds as numbers.

mod common;

use common::{csv_rows, hazeplan};

#[test]
fn shares_are_numbers_and_ranges_have_bounds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    hazeplan()
        .args(["run", "tests/fixtures/scenarios/planning.yaml", "-o"])
        .arg(&out)
        .assert()
        .success();
    let reductions = csv_rows(&std::fs::read(out.join("reductions.csv")).unwrap());
    assert!(!reductions.is_empty());
    for r in &reductions {
        let share: f64 = r["share_pct"].parse().unwrap();
        assert!((0.0..=100.0).contains(&share), "{r:?}");
        assert!(
            ["10", "20", "30", "35"].contains(&r["target_pct"].as_str()),
            "{r:?}"
        );
    }
    let daily = csv_rows(&std::fs::read(out.join("daily.csv")).unwrap());
    for d in daily.iter().filter(|d| !d["forecast"].is_empty()) {
        let (low, high): (u32, u32) = (
            d["forecast_low"].parse().unwrap(),
            d["forecast_high"].parse().unwrap(),
        );
        assert!(low <= high, "{d:?}");
        let shown = if low == high {
            low.to_string()
        } else {
            format!("{low}-{high}")
        };
        assert_eq!(d["forecast"], shown);
    }
}
