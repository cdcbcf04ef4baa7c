//! Writes the SYNTHETIC data of the example scenarios (`scenarios/data/`), deterministically:
//! `cargo run --example make_example_data` gives the same bytes on every machine.
//!
//! The values are invented to exercise every path of a plan (a red city, orange by duration,
//! regional linkage lifting a yellow city, a dust day that only gets a health advisory, a
//! dispatch order); they are not observations and not official forecasts.

use std::fmt::Write as _;
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One city's December: base AQI, and the extra AQI at the peak of each episode.
struct Profile {
    city: &'static str,
    base: f64,
    /// (first day, last day, peak extra AQI) of each episode.
    episodes: &'static [(u32, u32, f64)],
    /// Days with a dust cause (PM10 primary, cause `dust`).
    dust: &'static [u32],
}

/// The shape of an episode over its days: build-up, plateau, clean-out.
fn envelope(day: u32, first: u32, last: u32) -> f64 {
    if day < first || day > last {
        return 0.0;
    }
    let n = f64::from(last - first);
    let x = f64::from(day - first) / n.max(1.0);
    // A flat-topped bump: rises over the first third, falls over the last sixth.
    (x * 3.0).min(1.0).min((1.0 - x) * 6.0).max(0.15)
}

fn forecast(profiles: &[Profile], seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut s = String::from("city,date,aqi,primary,cause\n");
    for p in profiles {
        for day in 1..=31u32 {
            let extra: f64 = p
                .episodes
                .iter()
                .map(|&(a, b, peak)| peak * envelope(day, a, b))
                .sum();
            let noise: f64 = rng.random_range(-12.0..12.0);
            let dust = p.dust.contains(&day);
            let mut v = (p.base + extra + noise).round().max(20.0);
            if dust {
                v = v.max(230.0);
            }
            // Published as a range of about 40 AQI around the central value, in steps of 5,
            // as provincial forecasts are.
            let lo = ((v - 20.0) / 5.0).floor() * 5.0;
            let hi = ((v + 20.0) / 5.0).ceil() * 5.0;
            let primary = if dust {
                "PM10"
            } else if hi > 100.0 {
                "PM2.5"
            } else if lo > 50.0 {
                "PM10"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "{},2026-12-{day:02},{}-{},{primary},{}",
                p.city,
                lo as i64,
                hi as i64,
                if dust { "dust" } else { "" }
            );
        }
    }
    s
}

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data");
    std::fs::create_dir_all(&dir)?;
    let taiyuan = [
        Profile {
            city: "太原",
            base: 95.0,
            episodes: &[(13, 20, 215.0), (26, 28, 70.0)],
            dust: &[],
        },
        Profile {
            city: "晋中",
            base: 90.0,
            episodes: &[(13, 20, 175.0), (26, 28, 60.0)],
            dust: &[],
        },
        Profile {
            city: "吕梁",
            base: 80.0,
            episodes: &[(14, 20, 95.0)],
            dust: &[],
        },
        Profile {
            city: "阳泉",
            base: 85.0,
            episodes: &[(14, 19, 150.0)],
            dust: &[],
        },
        Profile {
            city: "忻州",
            base: 75.0,
            episodes: &[(15, 19, 85.0)],
            dust: &[5, 6],
        },
    ];
    let fenhe = [
        Profile {
            city: "临汾",
            base: 105.0,
            episodes: &[(8, 12, 120.0), (16, 22, 230.0)],
            dust: &[],
        },
        Profile {
            city: "运城",
            base: 100.0,
            episodes: &[(8, 12, 110.0), (16, 22, 215.0)],
            dust: &[],
        },
        Profile {
            city: "吕梁",
            base: 80.0,
            episodes: &[(17, 21, 110.0)],
            dust: &[],
        },
        Profile {
            city: "晋城",
            base: 85.0,
            episodes: &[(17, 21, 80.0)],
            dust: &[],
        },
    ];
    std::fs::write(
        dir.join("taiyuan-basin-forecast.synthetic.csv"),
        forecast(&taiyuan, 20261201),
    )?;
    std::fs::write(
        dir.join("fenhe-valley-forecast.synthetic.csv"),
        forecast(&fenhe, 20261202),
    )?;
    println!("wrote the synthetic example data to {}", dir.display());
    Ok(())
}
