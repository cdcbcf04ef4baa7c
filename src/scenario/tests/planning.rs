//! The sections of the measures stage (`planning.rs`): the inventory and the enterprise list
//! named and checked against each other, the catalog, the targets and `tighten`.

use super::{BASE, base_with, load_with, ok, short};
use crate::alert::WarningLevel;
use crate::emissions::{EmissionPollutant, Sector, Share, Targets, Tonnes};
use crate::measures::Catalog;

const INVENTORY: &str = "city,sector,so2,nox,pm,vocs\n太原,industry,10,10,10,10\n\
                         太原,traffic,1,20,2,5\n晋中,industry,5,5,5,5\n";

/// 太原's enterprises emit SO2 10, NOx 5, PM 5 and VOCs 5 t/day; 晋中's 1 of each.
const ENTERPRISES: &str = "id,name,city,industry,grade,so2,nox,pm,vocs\n\
                           E1,甲,太原,steel,C,4,4,4,4\nE2,乙,太原,coking,D,6,1,1,1\n\
                           E3,丙,晋中,cement,B,1,1,1,1\n";

fn with_tables(extra: &str) -> String {
    base_with(&format!("inventory: i.csv\nenterprises: e.csv\n{extra}"))
}

fn tables<'a>(inventory: &'a str, enterprises: &'a str) -> [(&'a str, &'a str); 2] {
    [("i.csv", inventory), ("e.csv", enterprises)]
}

/// The problems, as `super::problems` gives them, with the temporary folder written `DIR`.
fn problems(yaml: &str, files: &[(&str, &str)]) -> Vec<String> {
    let e = load_with(yaml, files).expect_err("expected problems");
    let dir = e
        .path
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    e.problems
        .iter()
        .map(|p| short(p).replace(&dir, "DIR"))
        .collect()
}

fn problem(yaml: &str, files: &[(&str, &str)]) -> String {
    let p = problems(yaml, files);
    assert_eq!(p.len(), 1, "{p:#?}");
    p[0].clone()
}

#[test]
fn absent_sections_get_the_defaults() {
    let s = ok(BASE, &[]);
    assert_eq!(s.inventory, None);
    assert!(s.enterprises.is_empty());
    assert_eq!(s.targets, Targets::default());
    assert!(!s.tighten);
    // Empty sections mean none.
    let s = ok(&base_with("targets:\ntighten:\nmeasures:\n"), &[]);
    assert_eq!(s.targets, Targets::default());
    assert!(!s.tighten);
}

#[test]
fn every_section_is_read() {
    let s = ok(
        &with_tables(
            "measures: default\ntighten: true\n\
             targets:\n  yellow: 0.15\n  orange: 25%\n  cities:\n    太原: {orange: 30%, red: 40%}\n",
        ),
        &tables(INVENTORY, ENTERPRISES),
    );
    let inv = s.inventory.expect("an inventory");
    assert_eq!(
        inv.sector("太原", Sector::Traffic)
            .map(|e| e.get(EmissionPollutant::Nox)),
        Some(Tonnes(20_000_000))
    );
    let ids: Vec<&str> = s.enterprises.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["E1", "E2", "E3"]);
    assert!(s.tighten);
    let t = &s.targets;
    assert_eq!(t.share("晋中", WarningLevel::Yellow), Some(Share(150_000)));
    assert_eq!(t.share("晋中", WarningLevel::Orange), Some(Share(250_000)));
    assert_eq!(t.share("晋中", WarningLevel::Red), Some(Share(300_000)));
    assert_eq!(t.share("太原", WarningLevel::Orange), Some(Share(300_000)));
    assert_eq!(t.share("太原", WarningLevel::Red), Some(Share(400_000)));
    assert_eq!(t.share("太原", WarningLevel::Blue), None);
    // An inventory alone is fine (sector orders only).
    let s = ok(&base_with("inventory: i.csv\n"), &[("i.csv", INVENTORY)]);
    assert!(s.inventory.is_some() && s.enterprises.is_empty());
}

#[test]
fn enterprises_need_an_inventory() {
    assert_eq!(
        problem(
            &base_with("enterprises: e.csv\n"),
            &[("e.csv", ENTERPRISES)]
        ),
        "5:14: enterprises: an enterprise list needs an inventory (the targets are shares of \
         each city's total emissions): add 'inventory: FILE'"
    );
}

#[test]
fn files_must_exist_and_their_rows_be_valid() {
    assert_eq!(
        problems(&with_tables(""), &[]),
        [
            "5:12: inventory: no such file 'i.csv' (looked for DIR/i.csv)",
            "6:14: enterprises: no such file 'e.csv' (looked for DIR/e.csv)",
        ]
    );
    let ent = format!("{ENTERPRISES}E4,丁,太原,steel,E,1,1,1,1\n");
    let inv = format!("{INVENTORY}晋中,farming,1,1,1,1\n");
    assert_eq!(
        problems(&with_tables(""), &tables(&inv, &ent)),
        [
            "i.csv:5: column 'sector': unknown sector 'farming' (expected industry/工业, \
             traffic/交通, dust/扬尘, residential/生活 or other/其他)",
            "e.csv:5: column 'grade': unknown grade 'E' (expected A+, A, 引领性, B, B-, C, \
             非引领性 or D)",
        ]
    );
}

#[test]
fn the_industry_sector_holds_its_enterprises() {
    // Equal is fine: the enterprises may be the whole sector.
    ok(&with_tables(""), &tables(INVENTORY, ENTERPRISES));
    let low = INVENTORY.replace(
        "太原,industry,10,10,10,10",
        "太原,industry,9.5,10,4.999999,10",
    );
    assert_eq!(
        problems(&with_tables(""), &tables(&low, ENTERPRISES)),
        [
            "i.csv:2: column 'so2': the industry inventory of 太原 (SO2 9.5 t/day) is below the \
             sum of its enterprises in DIR/e.csv (10 t/day): the sector includes them, so \
             correct one of the two files",
            "i.csv:2: column 'pm': the industry inventory of 太原 (PM 4.999999 t/day) is below \
             the sum of its enterprises in DIR/e.csv (5 t/day): the sector includes them, so \
             correct one of the two files",
        ]
    );
    let none = INVENTORY.replace("晋中,industry", "晋中,dust");
    assert_eq!(
        problem(&with_tables(""), &tables(&none, ENTERPRISES)),
        "i.csv: no industry row for 晋中, but its enterprises in DIR/e.csv emit SO2 1, NOx 1, \
         PM 1 and VOCs 1 t/day: add the row (the industry sector includes the enterprises)"
    );
}

#[test]
fn the_catalog_is_default_or_a_file() {
    let shipped = Catalog::shipped();
    assert!(
        !shipped.industry.is_empty(),
        "the shipped catalog has rules"
    );
    assert_eq!(ok(BASE, &[]).catalog, shipped);
    assert_eq!(ok(&base_with("measures: default\n"), &[]).catalog, shipped);
    let s = ok(
        &base_with("measures: m/catalog.yaml\n"),
        &[("m/catalog.yaml", Catalog::shipped_yaml())],
    );
    assert_eq!(s.catalog, shipped);
    // A catalog's own problems name its file, line and column.
    let p = problems(
        &base_with("measures: m/catalog.yaml\n"),
        &[("m/catalog.yaml", "name: x\nsource: y\nindustry: 3\n")],
    );
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].starts_with("catalog.yaml:3:"), "{p:#?}");
    assert_eq!(
        problem(&base_with("measures: defualt\n"), &[]),
        "5:11: measures: unknown measure catalog 'defualt' (did you mean 'default'?)"
    );
    assert_eq!(
        problem(&base_with("measures: shanxi\n"), &[]),
        "5:11: measures: unknown measure catalog 'shanxi' (give 'default' for the shipped \
         catalog, or a catalog file)"
    );
    assert_eq!(
        problem(&base_with("measures: m/catalog.yaml\n"), &[]),
        "5:11: measures: no such file 'm/catalog.yaml' (looked for DIR/m/catalog.yaml)"
    );
    assert_eq!(
        problem(&base_with("measures: m/\n"), &[("m/", "")]),
        "5:11: measures: 'm/' is not a file (looked for DIR/m/)"
    );
}

#[test]
fn target_shares_are_checked() {
    assert_eq!(
        problems(
            &base_with("targets: {yellow: 10, orange: -5%, red: lots}\n"),
            &[]
        ),
        [
            "5:19: targets.yellow: '10' is more than 100 % (for 10 percent write 10%)",
            "5:31: targets.orange: negative share '-5%'",
            "5:41: targets.red: 'lots' is not a share (write 35% or 0.35)",
        ]
    );
    assert_eq!(
        problem(&base_with("targets: {blue: 5%}\n"), &[]),
        "5:17: targets.blue: rule set national-2024 has no level blue (its levels: yellow, \
         orange, red)"
    );
    let s = ok(&base_with("rules: legacy-2017\ntargets: {blue: 5%}\n"), &[]);
    assert_eq!(
        s.targets.share("太原", WarningLevel::Blue),
        Some(Share(50_000))
    );
    assert_eq!(
        problem(
            &base_with("targets:\n  cities:\n    太圆: {red: 40%}\n"),
            &[]
        ),
        "7:5: targets.cities.太圆: unknown city '太圆' (did you mean '太原'?)"
    );
}

#[test]
fn a_higher_level_never_asks_for_less() {
    assert_eq!(
        problem(&base_with("targets: {orange: 5%}\n"), &[]),
        "5:19: targets.orange: orange is 5%, below yellow's 10% (the default): a higher warning \
         level needs at least the share of a lower one"
    );
    assert_eq!(
        problem(&base_with("targets: {yellow: 25%}\n"), &[]),
        "5:19: targets.yellow: yellow is 25%, above orange's 20% (the default): a higher \
         warning level needs at least the share of a lower one"
    );
    assert_eq!(
        problem(&base_with("targets: {orange: 30%, red: 25%}\n"), &[]),
        "5:29: targets.red: red is 25%, below orange's 30%: a higher warning level needs at \
         least the share of a lower one"
    );
    assert_eq!(
        problems(
            &base_with(
                "targets:\n  orange: 25%\n  cities:\n    太原: {yellow: 30%}\n    晋中: {red: 22%}\n"
            ),
            &[]
        ),
        [
            "8:18: targets.cities.太原.yellow: yellow is 30%, above orange's 25% (from \
             targets.orange): a higher warning level needs at least the share of a lower one",
            "9:15: targets.cities.晋中.red: red is 22%, below orange's 25% (from targets.orange): \
             a higher warning level needs at least the share of a lower one",
        ]
    );
    // Equal shares are fine, and a city may raise every level.
    ok(&base_with("targets: {yellow: 20%}\n  \n"), &[]);
    ok(
        &base_with("targets:\n  cities:\n    太原: {yellow: 30%, orange: 30%, red: 30%}\n"),
        &[],
    );
    // A refused share is not compared again.
    assert_eq!(
        problem(&base_with("targets: {orange: 30, red: 25%}\n"), &[]),
        "5:19: targets.orange: '30' is more than 100 % (for 30 percent write 30%)"
    );
}
