//! Criterion benchmark of chart rendering: one full-year calendar (1200 x 900, 365 coloured
//! days), the chart `hazeplan batch` draws once per city and year (about 340 per national
//! year), from drawing to PNG bytes.
//!
//! BENCHMARKS.md records the figures. Set `HAZEPLAN_BENCH_PNG=FILE` to also write the PNG
//! drawn, to look at it.

use std::hint::black_box;

use chrono::{Datelike, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use hazeplan::plot::{CalendarChart, calendar};

/// A year of daily AQI with every category present: a winter-high seasonal curve with
/// deterministic day-to-day noise and a few missing days, like a northern city.
fn year() -> CalendarChart {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let days = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .iter_days()
        .take_while(|d| d.year() == 2026)
        .filter_map(|d| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if x.is_multiple_of(40) {
                return None; // a day without data
            }
            let season = (f64::from(d.ordinal()) / 365.0 * std::f64::consts::TAU).cos();
            let base = 110.0 + 70.0 * season;
            let noise = (x % 200) as f64 - 70.0;
            Some((d, (base + noise).clamp(15.0, 480.0) as u16))
        })
        .collect();
    CalendarChart {
        city: "太原".into(),
        title: "太原 2026年 逐日空气质量指数".into(),
        year: 2026,
        days,
        period: None,
        warnings: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let chart = year();
    let png = calendar(&chart).unwrap();
    eprintln!("calendar PNG: {} bytes", png.len());
    if let Some(path) = std::env::var_os("HAZEPLAN_BENCH_PNG") {
        std::fs::write(path, &png).unwrap();
    }
    let mut g = c.benchmark_group("charts");
    g.bench_function("calendar", |b| {
        b.iter(|| calendar(black_box(&chart)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
