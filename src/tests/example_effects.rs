//! The example scenarios' projected reductions against the published effect sizes
//! (standards.md 7.3: about 5-10 % of PM2.5 at yellow or orange): docs/projection.md.

use std::path::Path;

use crate::alert::WarningLevel;
use crate::plan::{PlanOptions, plan};
use crate::scenario::{Scenario, load};

/// The mean reduction per city during its yellow and orange windows, in percent.
fn yellow_orange(s: &Scenario) -> Vec<(String, WarningLevel, f64)> {
    let p = plan(s, &PlanOptions::default()).unwrap();
    let mut out = Vec::new();
    for c in &p.projection.unwrap().cities {
        for (level, pct) in &c.summary.reduction_by_level {
            if matches!(level, WarningLevel::Yellow | WarningLevel::Orange) {
                out.push((c.city.clone(), *level, *pct));
            }
        }
    }
    out
}

fn example(name: &str) -> Scenario {
    load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name),
    )
    .unwrap()
}

#[test]
fn the_examples_own_measures_give_5_to_10_percent_at_yellow_and_orange() {
    // Each city's own measures (the transport matrix cleared): within the published range.
    for name in ["taiyuan-basin-winter.yaml", "fenhe-valley-winter.yaml"] {
        let mut s = example(name);
        s.projection.as_mut().unwrap().transport.clear();
        let got = yellow_orange(&s);
        assert!(!got.is_empty(), "{name}");
        for (city, level, pct) in got {
            assert!(
                (5.0..=10.0).contains(&pct),
                "{name} {city} {level:?}: {pct:.2} %"
            );
        }
    }
}

#[test]
fn the_examples_as_shipped() {
    // With the transport matrix, a city also gains its neighbours' cuts (regional action).
    // In the Fenhe valley that stays within 5-10 % at orange.
    for (city, level, pct) in yellow_orange(&example("fenhe-valley-winter.yaml")) {
        assert!((5.0..=10.0).contains(&pct), "{city} {level:?}: {pct:.2} %");
    }
    // In the Taiyuan basin the orange cities downwind of 太原, at red, gain up to a point more
    // (the scenario's comment on `transport` says so): at most 11 %.
    for (city, level, pct) in yellow_orange(&example("taiyuan-basin-winter.yaml")) {
        assert!((5.0..=11.0).contains(&pct), "{city} {level:?}: {pct:.2} %");
    }
}
