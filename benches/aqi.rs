//! Criterion benchmarks of the AQI kernels: IAQI interpolation, rounding plus interpolation,
//! a whole real-time report, and (for scale) parsing the same numbers from text.
//!
//! Issue 2 asks for at least 50 million IAQI per second on one core; BENCHMARKS.md records the
//! figures.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hazeplan::aqi::{AqiOptions, Period, Readings, Standard, Table, breakpoints, score};
use hazeplan::units::Concentration;

const N: usize = 1 << 20;

/// Deterministic concentrations spread over the PM2.5 table (0-600 ug/m3), like real data.
fn values() -> Vec<u32> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..N)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Skewed towards low values as monitoring data are.
            let u = (x % 1000) as u32;
            u * u / 1667
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let vals = values();
    let text: Vec<String> = vals.iter().map(|v| v.to_string()).collect();
    let concs: Vec<Concentration> = vals.iter().map(|&v| Concentration::from_units(v)).collect();
    let mut g = c.benchmark_group("aqi");
    g.throughput(Throughput::Elements(N as u64));

    let bps = breakpoints(Standard::Hj633_2026, Table::Pm25Day);
    g.bench_function("iaqi_int", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for &v in &vals {
                acc += u64::from(bps.iaqi_int(black_box(v)).unwrap_or(500));
            }
            acc
        })
    });
    g.bench_function("round_then_iaqi", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for &c in &concs {
                let units = black_box(c).round_half_even_to(Table::Pm25Day.micro_per_unit());
                acc += u64::from(bps.iaqi_int(units as u32).unwrap_or(500));
            }
            acc
        })
    });
    // HJ 633—2012 scores means as they are (no rounding first): the fraction kernel, on means
    // of 1 to 24 values (a city's stations, a day's hours) around the same concentrations.
    let fracs: Vec<(u128, u128)> = vals
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let n = (i % 24 + 1) as u128;
            (
                u128::from(v) * 1_000_000 * n + (i as u128 % 997),
                n * 1_000_000,
            )
        })
        .collect();
    g.bench_function("iaqi_ratio", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for &(n, d) in &fracs {
                acc += u64::from(bps.iaqi_ratio(black_box(n), d).unwrap_or(500));
            }
            acc
        })
    });
    g.bench_function("parse_text", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for s in &text {
                acc += black_box(s.as_str())
                    .parse::<Concentration>()
                    .unwrap()
                    .to_micro();
            }
            acc
        })
    });
    g.finish();

    // A whole real-time report: seven slots, special cases, primary pollutants.
    let reports: Vec<Readings> = vals
        .chunks(6)
        .take(N / 8)
        .map(|w| {
            let c = |i: usize| Some(Concentration::from_units(w[i % w.len()]));
            Readings {
                pm25: c(0),
                pm10: c(1),
                so2: c(2),
                no2: c(3),
                co: Some(Concentration::from_micro(u64::from(w[4 % w.len()]) * 10_000).unwrap()),
                o3: c(5),
                ..Readings::default()
            }
        })
        .collect();
    let mut g = c.benchmark_group("report");
    g.throughput(Throughput::Elements(reports.len() as u64 * 6));
    let opts = AqiOptions::default();
    g.bench_function("score_hourly_2026", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for r in &reports {
                let res = score(black_box(r), Period::Hour, Standard::Hj633_2026, &opts);
                acc += u64::from(res.aqi.map_or(0, |a| a.value()));
            }
            acc
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
