//! `cities[].orders`: each city's own wording of the catalog's orders, checked against it.

use super::{ok, problems};

const CITIES: &str = "\
name: t
period: {start: 2026-12-01, end: 2026-12-03}
forecast: {file: f.csv}
cities:
  - 晋中
  - name: 太原
    orders:
";

#[test]
fn a_citys_orders_are_read_and_normalized() {
    let yaml = format!(
        "{CITIES}      fill: {{urban_area: 高速环内, truck_hours: '07:00-21:00'}}\n      \
         enable: [school_closure]\n      disable: [odd_even]\n      replace:\n        \
         earthworks:\n          measure: >-\n            {{urban_area}}停止土石方作业，\n            \
         拆除工程停工\n"
    );
    let s = ok(&yaml, &[]);
    assert!(!s.city_orders.contains_key(&s.cities[0].name));
    let own = &s.city_orders[&s.cities[1].name];
    assert_eq!(own.fill["urban_area"], "高速环内");
    assert_eq!(own.fill["truck_hours"], "07:00-21:00");
    assert_eq!(own.enable, ["school_closure"]);
    assert_eq!(own.disable, ["odd_even"]);
    // No space from the folding.
    assert_eq!(
        own.replace["earthworks"].measure,
        "{urban_area}停止土石方作业，拆除工程停工"
    );
    assert_eq!(own.replace["earthworks"].measure_en, None);
}

#[test]
fn unknown_names_and_contradictions_are_reported() {
    let yaml = format!(
        "{CITIES}      fill: {{urban_area: ' '}}\n      enable: [odd_even]\n      \
         disable: [odd_even, fireworx]\n      replace:\n        \
         earthworks: {{measure: '{{urban_area'}}\n"
    );
    assert_eq!(
        problems(&yaml, &[]),
        [
            "8:26: cities[1].orders.fill.urban_area: the value is empty (omit it for the \
             catalog's default)",
            "10:17: cities[1].orders.disable[0]: order 'odd_even' is both enabled and disabled",
            "10:27: cities[1].orders.disable[1]: unknown order 'fireworx' (did you mean \
             'fireworks'?)",
            "12:31: cities[1].orders.replace.earthworks.measure: '{' without its '}' \
             (placeholders are written {name})",
        ]
    );
    let yaml = format!("{CITIES}      fil: {{urban_area: x}}\n");
    assert_eq!(
        problems(&yaml, &[]),
        ["8:7: cities[1].orders.fil: unknown key 'fil' (did you mean 'fill'?)"]
    );
}
