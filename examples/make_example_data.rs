//! Writes the SYNTHETIC data of the example scenarios (`scenarios/data/`), deterministically:
//! `cargo run --example make_example_data` gives the same bytes on every machine.
//!
//! The values are invented to exercise every path of a plan (a red city, orange by duration,
//! regional linkage lifting a yellow city, a dust day that only gets a health advisory, a
//! dispatch order, a county with its own forecast); they are not observations and not
//! official forecasts.

use std::fmt::Write as _;
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "make_example_data/yichang.rs"]
mod yichang;

/// One city's (or county's) December: base AQI, and the extra AQI at the peak of each episode.
struct Profile {
    city: &'static str,
    /// A county with its own forecast rows ("" for the city's rows).
    county: &'static str,
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
    let mut s = String::from("city,county,date,aqi,primary,cause\n");
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
                "{},{},2026-12-{day:02},{}-{},{primary},{}",
                p.city,
                p.county,
                lo as i64,
                hi as i64,
                if dust { "dust" } else { "" }
            );
        }
    }
    s
}

/// An industry of the synthetic enterprise lists: key, Chinese name, daily emission ranges
/// (t/day) of SO2, NOx, PM, VOCs, output value range (10k yuan/day), processes.
struct Industry {
    key: &'static str,
    zh: &'static str,
    ranges: [(f64, f64); 4],
    output: (f64, f64),
    processes: &'static str,
    units: (u32, u32),
}

const INDUSTRIES: [Industry; 6] = [
    Industry {
        key: "steel",
        zh: "钢铁",
        ranges: [(0.4, 2.5), (0.8, 4.0), (0.3, 1.8), (0.1, 0.5)],
        output: (150.0, 900.0),
        // Per pollutant: sintering dominates SO2, not VOCs (practice.md 4).
        processes: "烧结:so2=0.6/nox=0.4/pm=0.35/vocs=0.2;球团:so2=0.15/nox=0.15/pm=0.1/vocs=0.05;\
                    高炉:so2=0.1/nox=0.2/pm=0.3/vocs=0.35;转炉:so2=0.15/nox=0.25/pm=0.25/vocs=0.4",
        units: (2, 6),
    },
    Industry {
        key: "coking",
        zh: "焦化",
        ranges: [(0.3, 1.4), (0.5, 2.0), (0.2, 0.9), (0.5, 1.8)],
        output: (80.0, 400.0),
        processes: "焦炉:0.7;化产:0.3",
        units: (1, 4),
    },
    Industry {
        key: "cement",
        zh: "水泥",
        ranges: [(0.1, 0.5), (0.8, 2.6), (0.2, 0.9), (0.0, 0.05)],
        output: (30.0, 200.0),
        processes: "熟料:0.8;粉磨:0.2",
        units: (1, 3),
    },
    Industry {
        key: "chemicals",
        zh: "化工",
        ranges: [(0.05, 0.4), (0.1, 0.5), (0.05, 0.2), (0.3, 1.6)],
        output: (40.0, 300.0),
        processes: "",
        units: (1, 3),
    },
    Industry {
        key: "building_materials",
        zh: "建材",
        ranges: [(0.02, 0.2), (0.05, 0.3), (0.05, 0.35), (0.0, 0.02)],
        output: (5.0, 60.0),
        processes: "",
        units: (1, 2),
    },
    Industry {
        key: "glass",
        zh: "玻璃",
        ranges: [(0.1, 0.6), (0.4, 1.5), (0.05, 0.3), (0.0, 0.05)],
        output: (30.0, 250.0),
        processes: "",
        units: (1, 3),
    },
];

/// Grade shares (A+, A, B, B-, C, D), roughly Taiyuan's mix (99 of 1,555 graded enterprises at
/// A, B or 引领性; standards.md 5.1) with more B in the cleaner list. These industries are graded
/// A/B/C/D (the catalog's grade schemes): the bands once drawn as 引领性 and 非引领性 are A and
/// C, so the random draws, and every other value, stay as they were.
fn grade(r: f64, clean: bool) -> &'static str {
    let cut: [(f64, &str); 8] = if clean {
        [
            (0.01, "A+"),
            (0.05, "A"),
            (0.07, "A"),
            (0.22, "B"),
            (0.32, "B-"),
            (0.72, "C"),
            (0.78, "C"),
            (1.0, "D"),
        ]
    } else {
        [
            (0.005, "A+"),
            (0.03, "A"),
            (0.04, "A"),
            (0.10, "B"),
            (0.15, "B-"),
            (0.55, "C"),
            (0.60, "C"),
            (1.0, "D"),
        ]
    };
    cut.iter().find(|(c, _)| r < *c).map_or("D", |(_, g)| g)
}

/// The enterprise list of some cities, and each city's total emissions of its rows;
/// `clean`: a cleaner, more protected list whose catalog measures fall short of the targets
/// (the `tighten` example).
fn enterprises(cities: &[(&str, usize)], seed: u64, clean: bool) -> (String, Vec<[f64; 4]>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut list = String::from(
        "id,name,city,county,industry,grade,protected,protected_reason,so2,nox,pm,vocs,output_value,processes,units\n",
    );
    let mut sums = Vec::new();
    for (ci, &(city, n)) in cities.iter().enumerate() {
        let mut sum = [0.0f64; 4];
        for k in 0..n {
            let ind = &INDUSTRIES[rng.random_range(0..INDUSTRIES.len())];
            let protected = rng.random_range(0.0..1.0) < if clean { 0.12 } else { 0.03 };
            let g = grade(rng.random_range(0.0..1.0), clean);
            let e: Vec<f64> = ind
                .ranges
                .iter()
                .map(|&(a, b)| {
                    if b > a {
                        (rng.random_range(a..b) * 1000.0).round() / 1000.0
                    } else {
                        a
                    }
                })
                .collect();
            for i in 0..4 {
                sum[i] += e[i];
            }
            let output = rng.random_range(ind.output.0..ind.output.1).round();
            let units = rng.random_range(ind.units.0..=ind.units.1);
            let _ = writeln!(
                list,
                "E{:02}{:03},{}示例{}{}有限公司（合成）,{city},{city}示例区,{},{g},{},{},{},{},{},{},{output},{},{units}",
                ci + 1,
                k + 1,
                city,
                ind.zh,
                k + 1,
                ind.key,
                if protected { "Y" } else { "N" },
                if protected { "保障供热" } else { "" },
                e[0],
                e[1],
                e[2],
                e[3],
                ind.processes
            );
        }
        sums.push(sum);
    }
    (list, sums)
}

/// The inventories of the cities, from the totals of their listed enterprises: the listed
/// enterprises are most of the industry sector; the other sectors are set against the
/// industrial total as North-China winter inventories roughly are.
fn inventory(cities: &[&str], sums: &[[f64; 4]], clean: bool) -> String {
    let mut inv = String::from("city,sector,so2,nox,pm,vocs\n");
    for (city, sum) in cities.iter().zip(sums) {
        let industry: Vec<f64> = sum
            .iter()
            .map(|x| (x * 1.15 * 1000.0).round() / 1000.0)
            .collect();
        let other = |f: [f64; 4]| -> Vec<f64> {
            (0..4)
                .map(|i| ((sum[i] * f[i]) * 1000.0).round() / 1000.0)
                .collect()
        };
        let rows: [(&str, Vec<f64>); 5] = if clean {
            [
                ("industry", industry),
                ("traffic", other([0.05, 0.9, 0.25, 0.5])),
                ("dust", other([0.0, 0.0, 1.2, 0.0])),
                ("residential", other([0.8, 0.2, 0.6, 0.6])),
                ("other", other([0.1, 0.1, 0.2, 0.4])),
            ]
        } else {
            [
                ("industry", industry),
                ("traffic", other([0.02, 0.5, 0.15, 0.3])),
                ("dust", other([0.0, 0.0, 0.5, 0.0])),
                ("residential", other([0.25, 0.05, 0.2, 0.2])),
                ("other", other([0.05, 0.05, 0.1, 0.2])),
            ]
        };
        for (sector, v) in rows {
            let _ = writeln!(inv, "{city},{sector},{},{},{},{}", v[0], v[1], v[2], v[3]);
        }
    }
    inv
}

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data");
    std::fs::create_dir_all(&dir)?;
    let taiyuan = [
        Profile {
            county: "",
            city: "太原",
            base: 95.0,
            episodes: &[(13, 20, 215.0), (26, 28, 70.0)],
            dust: &[],
        },
        Profile {
            county: "",
            city: "晋中",
            base: 90.0,
            episodes: &[(13, 20, 175.0), (26, 28, 60.0)],
            dust: &[],
        },
        Profile {
            county: "",
            city: "吕梁",
            base: 80.0,
            episodes: &[(14, 20, 95.0)],
            dust: &[],
        },
        Profile {
            county: "",
            city: "阳泉",
            base: 85.0,
            episodes: &[(14, 19, 150.0)],
            dust: &[],
        },
        Profile {
            county: "",
            city: "忻州",
            base: 75.0,
            episodes: &[(15, 19, 85.0)],
            dust: &[5, 6],
        },
        // A county of 吕梁 with its own forecast rows: its coking and power plants make its
        // episode worse than the city's.
        Profile {
            county: "孝义市",
            city: "吕梁",
            base: 95.0,
            episodes: &[(13, 20, 190.0)],
            dust: &[],
        },
    ];
    let fenhe = [
        Profile {
            county: "",
            city: "临汾",
            base: 105.0,
            episodes: &[(8, 12, 120.0), (16, 22, 230.0)],
            dust: &[],
        },
        Profile {
            county: "",
            city: "运城",
            base: 100.0,
            episodes: &[(8, 12, 110.0), (16, 22, 215.0)],
            dust: &[],
        },
        Profile {
            county: "",
            city: "吕梁",
            base: 80.0,
            episodes: &[(17, 21, 110.0)],
            dust: &[],
        },
        Profile {
            county: "",
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
    // Taiyuan: the bureau's own list (一厂一策), a workbook and its GBK CSV twin, made from
    // the same synthetic enterprises.
    let taiyuan_cities = [
        ("太原", 90),
        ("晋中", 70),
        ("吕梁", 50),
        ("阳泉", 40),
        ("忻州", 40),
    ];
    let (list, _) = enterprises(&taiyuan_cities, 20261203, false);
    let rows = yichang::rows(&list, &taiyuan_cities, 20261205);
    yichang::workbook(&rows, &dir.join("taiyuan-basin-list.synthetic.xlsx"))
        .map_err(std::io::Error::other)?;
    std::fs::write(
        dir.join("taiyuan-basin-list.synthetic.gbk.csv"),
        encoding_rs::GBK.encode(&yichang::csv(&rows)).0,
    )?;
    let names: Vec<&str> = taiyuan_cities.iter().map(|c| c.0).collect();
    std::fs::write(
        dir.join("taiyuan-basin-inventory.synthetic.csv"),
        inventory(&names, &yichang::sums(&rows, &names), false),
    )?;
    let fenhe_cities = [("临汾", 80), ("运城", 70), ("吕梁", 50), ("晋城", 50)];
    let (list, sums) = enterprises(&fenhe_cities, 20261204, true);
    std::fs::write(dir.join("fenhe-valley-enterprises.synthetic.csv"), list)?;
    let names: Vec<&str> = fenhe_cities.iter().map(|c| c.0).collect();
    std::fs::write(
        dir.join("fenhe-valley-inventory.synthetic.csv"),
        inventory(&names, &sums, true),
    )?;
    // After the episode: what the air did, and the enterprises' power use (hazeplan evaluate).
    std::fs::write(
        dir.join("taiyuan-basin-observations.synthetic.csv"),
        observations(20261206),
    )?;
    std::fs::write(
        dir.join("taiyuan-basin-power.synthetic.csv"),
        power(20261207),
    )?;
    println!("wrote the synthetic example data to {}", dir.display());
    Ok(())
}

/// The observed daily AQI of the Taiyuan example after its episode (SYNTHETIC): 太原's red
/// verifies (six days above 200, four above 300) and an unforecast episode follows on
/// 12-26 to 12-28 (three days above 200: a missed orange); 晋中's orange does not verify (it
/// stays below 150); 吕梁 reaches orange (two days above 200); 阳泉 has one day above 200
/// (yellow, below its orange); 忻州 stays light (its regional orange was not needed).
fn observed_days(city: &str, day: u32, base: f64) -> f64 {
    let episode: &[(u32, f64)] = match city {
        "太原" => &[
            (14, 232.0),
            (15, 322.0),
            (16, 345.0),
            (17, 331.0),
            (18, 312.0),
            (19, 252.0),
            (20, 160.0),
            (26, 232.0),
            (27, 246.0),
            (28, 216.0),
        ],
        "晋中" => &[
            (14, 128.0),
            (15, 136.0),
            (16, 140.0),
            (17, 138.0),
            (18, 132.0),
        ],
        "吕梁" => &[(15, 172.0), (16, 226.0), (17, 236.0), (18, 166.0)],
        "阳泉" => &[(15, 138.0), (16, 218.0), (17, 142.0)],
        "忻州" => &[(16, 112.0), (17, 118.0)],
        _ => &[],
    };
    episode
        .iter()
        .find(|(d, _)| *d == day)
        .map_or(base, |(_, v)| *v)
}

/// The 24-hour PM2.5 (ug/m3) whose IAQI is `aqi` (HJ 633—2026 24-hour table).
fn pm25_for(aqi: f64) -> f64 {
    let bp = [
        (0.0, 0.0),
        (50.0, 35.0),
        (100.0, 60.0),
        (150.0, 115.0),
        (200.0, 150.0),
        (300.0, 250.0),
        (400.0, 350.0),
        (500.0, 500.0),
    ];
    for w in bp.windows(2) {
        let ((i0, c0), (i1, c1)) = (w[0], w[1]);
        if aqi <= i1 {
            return c0 + (aqi - i0) * (c1 - c0) / (i1 - i0);
        }
    }
    500.0
}

/// Hourly observations of one station per city for December 2026 (long format, hour-ending
/// Beijing time): PM2.5 with a daily cycle whose mean is the day's target, the other
/// pollutants low.
fn observations(seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let cities = [
        ("太原", 95.0),
        ("晋中", 90.0),
        ("吕梁", 80.0),
        ("阳泉", 85.0),
        ("忻州", 75.0),
    ];
    let mut s = String::from("time,city,station,PM2.5,PM10,SO2,NO2,CO,O3\n");
    for (city, base) in cities {
        for day in 1..=31u32 {
            let noise: f64 = rng.random_range(-15.0..15.0);
            let target = observed_days(city, day, base + noise);
            let mean = pm25_for(target);
            for h in 1..=24u32 {
                // A cycle that sums to zero over the day: its mean is the day's value.
                let phase = std::f64::consts::TAU * f64::from(h) / 24.0;
                let pm25 = (mean * (1.0 + 0.15 * phase.sin()) * 10.0).round() / 10.0;
                let (date, hour) = if h == 24 {
                    (
                        if day == 31 {
                            "2027-01-01".to_string()
                        } else {
                            format!("2026-12-{:02}", day + 1)
                        },
                        0,
                    )
                } else {
                    (format!("2026-12-{day:02}"), h)
                };
                let _ = writeln!(
                    s,
                    "{date} {hour:02}:00,{city},{city}示例站,{pm25:.1},{:.1},12,38,0.9,35",
                    pm25 * 1.25
                );
            }
        }
    }
    s
}

/// Hourly power use (kWh) of five meters of 太原's listed enterprises, 12-01 to 12-20
/// (SYNTHETIC): E01020 stopped as ordered (complied), E01026 kept running at 55 % while
/// ordered to stop (not complied), E01015's 化产回收 line cut 17.5 % of the ordered 30 %
/// (partly), E01019's 化产回收 line cut 30 % (complied); E01029's 焦炉 line has a meter
/// (its longer coking time is not checked) and its 化产回收 line none (no data).
fn power(seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let meters = [
        ("E01020", "", 1800.0, 0.04),
        ("E01026", "", 950.0, 0.55),
        ("E01015", "化产回收", 620.0, 0.825),
        ("E01019", "化产回收", 540.0, 0.70),
        ("E01029", "焦炉", 2100.0, 0.97),
    ];
    let mut s = String::from("enterprise_id,part,time,kwh\n");
    for (id, part, base, during) in meters {
        for i in 1..=20 * 24u32 {
            let (day, h) = (1 + (i - 1) / 24, (i - 1) % 24 + 1);
            let phase = std::f64::consts::TAU * f64::from(h) / 24.0;
            let noise: f64 = rng.random_range(-0.01..0.01);
            // 太原's warning runs from 12-14 00:00 to 12-20 00:00: labels 12-14 01:00 to
            // 12-20 00:00.
            let ordered = (14..=19).contains(&day);
            let factor = if ordered { during } else { 1.0 };
            let kwh = base * (1.0 + 0.08 * phase.sin() + noise) * factor;
            let (date, hour) = if h == 24 {
                (format!("2026-12-{:02}", day + 1), 0)
            } else {
                (format!("2026-12-{day:02}"), h)
            };
            let _ = writeln!(s, "{id},{part},{date} {hour:02}:00,{kwh:.1}");
        }
    }
    s
}
