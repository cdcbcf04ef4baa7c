//! Tests of the measure catalog: the shipped default rule by rule, the semantics of
//! `action`, and the YAML format with its error messages.

use proptest::prelude::*;

use super::*;
use crate::emissions::{EmissionPollutant, Emissions};
use crate::measures::model::OutputValue;

const N: WarningLevel = WarningLevel::None;
const BL: WarningLevel = WarningLevel::Blue;
const Y: WarningLevel = WarningLevel::Yellow;
const O: WarningLevel = WarningLevel::Orange;
const R: WarningLevel = WarningLevel::Red;
const LEVELS: [WarningLevel; 3] = [Y, O, R];

fn ent(industry: &str, grade: Grade) -> Enterprise {
    Enterprise {
        id: "E1".into(),
        name: "示例企业".into(),
        city: "太原".into(),
        county: None,
        part: None,
        listed: Vec::new(),
        industry: industry.into(),
        grade,
        protected: None,
        max_load: None,
        emissions: Emissions::default(),
        output_value: OutputValue(0),
        processes: Vec::new(),
        units: None,
        seasonal: None,
        line: 2,
    }
}

fn cut(percent: u32) -> Action {
    Action::CutOutput(Share(percent * 10_000))
}

fn units(percent: u32) -> Action {
    Action::StopUnits(Share(percent * 10_000))
}

fn processes(names: &[&str]) -> Action {
    Action::StopProcesses(names.iter().map(|s| s.to_string()).collect())
}

fn sinter() -> Action {
    processes(&["烧结", "球团"])
}

fn clinker() -> Action {
    processes(&["熟料"])
}

fn shipped() -> Catalog {
    Catalog::shipped()
}

/// Checks the yellow/orange/red actions of an industry and grade, plain and stricter.
fn check(cat: &Catalog, industry: &str, grade: Grade, plain: &[Action; 3], strict: &[Action; 3]) {
    for (i, level) in LEVELS.into_iter().enumerate() {
        let e = ent(industry, grade);
        assert_eq!(
            cat.action(&e, level, false),
            plain[i],
            "{industry} {grade} {level}"
        );
        assert_eq!(
            cat.action(&e, level, true),
            strict[i],
            "{industry} {grade} {level} stricter"
        );
    }
}

#[test]
fn shipped_catalog_parses() {
    let cat = Catalog::from_yaml(Catalog::shipped_yaml()).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(cat.name, "default");
    assert!(cat.source.starts_with("standards.md 5.2-5.4"));
    assert_eq!(cat.industry.len(), 22);
    assert_eq!(cat.orders.len(), 16);
    assert_eq!(shipped(), cat);
}

#[test]
fn generic_industry_every_grade_and_level() {
    use Action::{None as Nothing, Stop, Voluntary as Vol};
    let cat = shipped();
    // Grade, yellow/orange/red plain, yellow/orange/red stricter (docs/measures.md table).
    #[rustfmt::skip]
    let table: [(Grade, [Action; 3], [Action; 3]); 8] = [
        (Grade::APlus, [Vol, Vol, Vol], [Vol, Vol, Vol]),
        (Grade::A, [Vol, Vol, Vol], [Vol, Vol, Vol]),
        (Grade::Leading, [Vol, Vol, Vol], [Vol, Vol, Vol]),
        (Grade::B, [Nothing, cut(10), cut(20)], [Nothing, cut(20), cut(30)]),
        (Grade::BMinus, [Nothing, cut(15), cut(25)], [Nothing, cut(25), cut(35)]),
        (Grade::C, [cut(10), cut(20), cut(30)], [cut(10), cut(30), Stop]),
        (Grade::NonLeading, [cut(10), cut(20), cut(30)], [cut(10), cut(30), Stop]),
        (Grade::D, [cut(30), Stop, Stop], [cut(30), Stop, Stop]),
    ];
    assert_eq!(table.each_ref().map(|t| t.0), Grade::ALL);
    for (grade, plain, strict) in &table {
        // An industry the catalog does not name, and one with no rule of its own.
        check(&cat, "textiles", *grade, plain, strict);
        check(&cat, "", *grade, plain, strict);
        for stricter in [false, true] {
            // No warning, and blue (legacy 2017 scheme): no enterprise measure.
            assert_eq!(cat.action(&ent("textiles", *grade), N, stricter), Nothing);
            assert_eq!(cat.action(&ent("textiles", *grade), BL, stricter), Nothing);
        }
    }
    // An enterprise without a grade takes the "other industries" rule (grade C's cuts).
    let other = [cut(10), cut(20), cut(30)];
    check(&cat, "食品加工", Grade::Ungraded, &other, &other);
}

/// Industry names, grade, yellow/orange/red plain, yellow/orange/red stricter.
type IndustryRow = (&'static [&'static str], Grade, [Action; 3], [Action; 3]);

#[test]
fn industry_specific_rules() {
    use Action::{None as Nothing, Stop, Voluntary as Vol};
    let cat = shipped();
    // Industry names, grade, yellow/orange/red plain, yellow/orange/red stricter
    // (docs/measures.md, "Industry-specific rules" and "Stricter variants").
    const STEEL: &[&str] = &["steel", "钢铁", "长流程联合钢铁", "Steel", " STEEL "];
    const COKING: &[&str] = &["coking", "焦化"];
    const CEMENT: &[&str] = &["cement", "水泥"];
    const GLASS: &[&str] = &["glass", "玻璃", "平板玻璃"];
    const OTHER: &[&str] = &["chemicals", "化工", "building_materials", "建材"];
    // Limits: a steel works cuts at most 60 % until it may bank (焖炉) at red; coke ovens
    // extend the coking time (24 h normal, 48 h longest: at most 50 %), whole hours of
    // 24 / (1 - cut); glass furnaces keep warm, at most 30 %.
    let h = |hours: u32| Action::ExtendCoking { normal: 24, hours };
    let warm = |percent: u32| Action::KeepWarm(Share(percent * 10_000));
    use Action::Bank;
    #[rustfmt::skip]
    let table: Vec<IndustryRow> = vec![
        (STEEL, Grade::A, [Vol, Vol, Vol], [Vol, Vol, Vol]),
        (STEEL, Grade::B, [Nothing, sinter(), sinter()], [Nothing, sinter(), units(50)]),
        (STEEL, Grade::BMinus, [Nothing, sinter(), sinter()], [Nothing, sinter(), units(50)]),
        (STEEL, Grade::C, [cut(10), sinter(), units(50)], [cut(10), sinter(), Bank]),
        (STEEL, Grade::D, [cut(30), cut(60), Bank], [cut(30), cut(60), Bank]),
        (COKING, Grade::B, [Nothing, h(28), h(28)], [Nothing, h(30), h(35)]),
        (COKING, Grade::BMinus, [Nothing, h(28), h(28)], [Nothing, h(32), h(37)]),
        (COKING, Grade::C, [h(27), h(36), h(36)], [h(27), h(35), h(48)]),
        (COKING, Grade::D, [h(35), h(48), h(48)], [h(35), h(48), h(48)]),
        (CEMENT, Grade::B, [Nothing, cut(10), cut(20)], [Nothing, cut(20), cut(30)]),
        (CEMENT, Grade::C, [cut(10), clinker(), clinker()], [cut(10), clinker(), Stop]),
        (CEMENT, Grade::D, [cut(30), clinker(), clinker()], [cut(30), clinker(), clinker()]),
        (GLASS, Grade::A, [Vol, Vol, Vol], [Vol, Vol, Vol]),
        (GLASS, Grade::B, [Nothing, warm(10), warm(10)], [Nothing, warm(20), warm(30)]),
        (GLASS, Grade::BMinus, [Nothing, warm(10), warm(10)], [Nothing, warm(25), warm(30)]),
        (GLASS, Grade::C, [Nothing, warm(20), warm(20)], [Nothing, warm(30), warm(30)]),
        (GLASS, Grade::D, [warm(30), warm(30), warm(30)], [warm(30), warm(30), warm(30)]),
        (OTHER, Grade::B, [Nothing, cut(10), cut(20)], [Nothing, cut(20), cut(30)]),
        (OTHER, Grade::C, [cut(10), cut(30), cut(30)], [cut(10), cut(30), Stop]),
        (OTHER, Grade::D, [cut(30), Stop, Stop], [cut(30), Stop, Stop]),
    ];
    for (names, grade, plain, strict) in &table {
        for name in *names {
            check(&cat, name, *grade, plain, strict);
        }
    }
}

#[test]
fn stricter_rules_apply_only_when_asked() {
    let cat = shipped();
    assert!(cat.industry.iter().any(|r| r.stricter));
    // Removing the stricter rules changes nothing when stricter measures are not demanded.
    let plain = Catalog {
        industry: cat
            .industry
            .iter()
            .filter(|r| !r.stricter)
            .cloned()
            .collect(),
        orders: cat.orders.iter().filter(|o| !o.stricter).cloned().collect(),
        ..cat.clone()
    };
    for industry in [
        "textiles",
        "steel",
        "coking",
        "cement",
        "glass",
        "chemicals",
    ] {
        for grade in Grade::ALL {
            for level in [N, BL, Y, O, R] {
                let e = ent(industry, grade);
                assert_eq!(cat.action(&e, level, false), plain.action(&e, level, false));
                assert_eq!(cat.action(&e, level, false), plain.action(&e, level, true));
            }
        }
    }
    let b = ent("textiles", Grade::B);
    assert_eq!(cat.action(&b, O, false), cut(10));
    assert_eq!(cat.action(&b, O, true), cut(20));
}

#[test]
fn protected_enterprises_are_never_curtailed() {
    let always_stop = Catalog::from_yaml(
        "name: harsh\nindustry:\n  - grades: [A+, A, 引领性, B, B-, C, 非引领性, D]\n    \
         actions: {blue: stop}\n",
    )
    .unwrap();
    for cat in [shipped(), always_stop] {
        for grade in Grade::ALL {
            for industry in ["steel", "textiles", "glass"] {
                let mut e = ent(industry, grade);
                e.protected = Some("以热定产 (heating)".into());
                for stricter in [false, true] {
                    for level in [BL, Y, O, R] {
                        assert_eq!(cat.action(&e, level, stricter), Action::Protected);
                    }
                    assert_eq!(cat.action(&e, N, stricter), Action::None);
                }
            }
        }
    }
}

#[test]
fn leading_grades_are_never_forced() {
    let cat = Catalog::from_yaml(
        "name: tries\nindustry:\n  - grades: [A+, A, 引领性, B]\n    \
         actions: {yellow: {cut_output: 50%}, orange: {stop_processes: [烧结]}, red: stop}\n  \
         - grades: [A]\n    industries: [glass]\n    actions: {yellow: none}\n",
    )
    .unwrap();
    for grade in [Grade::APlus, Grade::A, Grade::Leading] {
        for level in LEVELS {
            for stricter in [false, true] {
                assert_eq!(
                    cat.action(&ent("steel", grade), level, stricter),
                    Action::Voluntary,
                    "{grade} {level}"
                );
                assert_eq!(
                    cat.action_for("steel", grade, level, stricter),
                    Action::Voluntary
                );
            }
        }
    }
    // A rule that orders nothing is not turned into a voluntary measure.
    assert_eq!(cat.action(&ent("glass", Grade::A), R, false), Action::None);
    // B is forced.
    assert_eq!(cat.action(&ent("steel", Grade::B), R, false), Action::Stop);
}

#[test]
fn rule_precedence_and_level_inheritance() {
    let cat = Catalog::from_yaml(
        "name: t\nindustry:\n  - grades: [C]\n    actions: {yellow: {cut_output: 10%}, red: stop}\n  \
         - grades: [C]\n    industries: [steel]\n    actions: {orange: {stop_units: 50%}}\n",
    )
    .unwrap();
    let generic = ent("textiles", Grade::C);
    // Orange is not listed: it takes yellow's action.
    assert_eq!(cat.action(&generic, O, false), cut(10));
    assert_eq!(cat.action(&generic, R, false), Action::Stop);
    let steel = ent("steel", Grade::C);
    // Below the steel rule's lowest level, the generic rule decides; from orange the later
    // (steel) rule wins, red included, where it inherits its orange action.
    assert_eq!(cat.action(&steel, Y, false), cut(10));
    assert_eq!(cat.action(&steel, O, false), units(50));
    assert_eq!(cat.action(&steel, R, false), units(50));
    assert_eq!(cat.action(&ent("steel", Grade::B), R, false), Action::None);
}

#[test]
fn every_action_form_parses() {
    let cat = Catalog::from_yaml(
        "name: forms\nsource: test\nindustry:\n  - grades: [A]\n    actions: {yellow: voluntary}\n  \
         - grades: [b]\n    actions: {blue: none, yellow: {cut_output: 0.1}, orange: {cut_output: '12.5 %'}, red: stop}\n  \
         - industries: [焦化]\n    grades: [C级]\n    actions: {yellow: {keep_warm: 30%}, orange: {extend_coking: 36}, red: bank}\n  \
         - grades: [non-leading]\n    actions: {yellow: {stop_units: 0.5}, orange: {stop_processes: [烧结, ' 球团 ']}}\n\
         limits:\n  - industries: [焦化]\n    coking_time: {normal: 24, longest: 48}\n    bank: red\n",
    )
    .unwrap();
    let a = |i: usize, l| cat.industry[i].actions.get(&l).cloned();
    assert_eq!(a(0, Y), Some(Action::Voluntary));
    assert_eq!(a(1, BL), Some(Action::None));
    assert_eq!(a(1, Y), Some(cut(10)));
    assert_eq!(a(1, O), Some(Action::CutOutput(Share(125_000))));
    assert_eq!(a(1, R), Some(Action::Stop));
    assert_eq!(a(2, Y), Some(Action::KeepWarm(Share(300_000))));
    // The normal coking time comes from the industry's limit.
    assert_eq!(
        a(2, O),
        Some(Action::ExtendCoking {
            normal: 24,
            hours: 36
        })
    );
    assert_eq!(a(2, R), Some(Action::Bank));
    assert_eq!(a(3, Y), Some(units(50)));
    assert_eq!(a(3, O), Some(sinter()));
    assert_eq!(cat.industry[1].grades, [Grade::B]);
    assert_eq!(cat.industry[2].grades, [Grade::C]);
    assert_eq!(cat.industry[3].grades, [Grade::NonLeading]);
    assert!(cat.industry.iter().all(|r| !r.stricter));
    assert!(cat.orders.is_empty());
    assert_eq!(cat.limits[0].bank_from, Some(R));
}

#[test]
fn the_documented_example_parses() {
    let doc = include_str!("../../../docs/measures.md");
    let start = doc.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let end = start + doc[start..].find("```").expect("its end");
    let cat = Catalog::from_yaml(&doc[start..end]).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(cat.name, "taiyuan-2026");
    assert_eq!(cat.industry[0].industries, ["steel", "钢铁"]);
    assert_eq!(cat.industry[0].actions.get(&R), Some(&units(50)));
    assert_eq!(
        cat.orders[0].effect[EmissionPollutant::Nox as usize],
        Share(150_000)
    );
}

#[test]
fn validation_problems_are_all_reported_with_locations() {
    let yaml = "\
name: bad
industry:
  - grades: [B, E]
    actions: {orange: {cut_output: 150%}, yellow: none}
  - grades: [C]
    actions: {yellow: stop, orange: {cut_output: 20%}, red: {cut_output: 10%}}
  - industries: ['']
    grades: []
    actions: {}
  - grades: [D]
    actions: {orange: {stop_processes: []}, red: {staggered: abc}}
orders:
  - kind: dust
    level: none
    measure: x
    effect: {pm: 60%}
    id: a
  - kind: dust
    level: purple
    measure: ' '
    sector: 工厂
    effect: {pm: 50%, nox: -1%}
    id: b
  - kind: dust
    level: orange
    measure: 停工
    effect: {pm: 60%}
    id: c
  - kind: dust
    level: red
    measure: 全部停工
    effect: {pm: 50%}
    id: d
  - kind: dust
    level: red
    measure: '{urbn_area}停工}'
    id: c
    subject: d
  - {kind: other, level: red, measure: '{urbn_area}{town}停工', id: e, measure_en: 'stop in {urban}'}
placeholders:
  - {name: urban_area, default: 城区}
  - {name: Urban, default: x}
  - {name: urban_area, default: y}
transport:
  - {level: red, measure: 国五}
  - {level: red, measure: 国六}
  - {level: none, measure: ''}
";
    let errors = Catalog::from_yaml(yaml).unwrap_err();
    assert_eq!(
        errors,
        [
            "3:17: unknown grade 'E' (A+, A, 引领性, B, B-, C, 非引领性, D, ungraded)",
            "4:51: levels are listed lowest first: yellow comes after orange",
            "4:36: cut_output: '150%' is more than 100 % (write 10% or 0.1)",
            "6:37: orange orders less than yellow (cut output by 20% after stop production): \
             measures only grow with the level",
            "6:61: red orders less than orange (cut output by 10% after cut output by 20%): \
             measures only grow with the level",
            "7:18: an industry name is empty",
            "7:5: a rule needs at least one grade (A+, A, 引领性, B, B-, C, 非引领性, D, ungraded)",
            "7:5: a rule needs an action for at least one level (blue, yellow, orange, red)",
            "11:23: orange: stop_processes needs at least one process name",
            "11:62: staggered production (错峰生产) is a seasonal control, not a warning action: \
             give it in the scenario's `seasonal` section (the warning's measures come on top \
             of it)",
            "42:12: placeholders[1].name: 'Urban' is not a placeholder name (lower-case \
             letters, digits and '_', starting with a letter)",
            "43:12: placeholders[2].name: placeholder 'urban_area' is declared twice",
            "14:12: an order's level is blue, yellow, orange or red",
            "19:12: 'purple' is not a warning level (none, pre, blue, yellow, orange, red)",
            "20:14: the measure is empty",
            "21:13: unknown sector '工厂' (industry, traffic, dust, residential, other)",
            "22:28: effect.nox: '-1%' is not a share from 0 to 100 % (write 10% or 0.1)",
            "29:5: the dust orders together remove 110% of the sector's PM at the highest \
             level: at most 100%",
            "36:14: orders[4].measure: '}' without its '{' (placeholders are written {name})",
            "37:9: orders[4].id: a second order with id 'c'",
            "39:40: orders[5].measure: unknown placeholder '{urbn_area}' (did you mean \
             'urban_area'?)",
            "39:40: orders[5].measure: unknown placeholder '{town}' (declared: urban_area)",
            "39:82: orders[5].measure_en: unknown placeholder '{urban}' (did you mean \
             'urban_area'?)",
            "46:13: transport[1].level: a second transport rule for red",
            "47:28: transport[2].measure is empty",
            "47:13: a transport rule's level is blue, yellow, orange or red",
        ]
    );
}

#[test]
fn stricter_rules_must_follow_the_rules_they_tighten() {
    let yaml = "\
name: order
industry:
  - grades: [B]
    stricter: true
    actions: {orange: {cut_output: 20%}}
  - grades: [B, C]
    industries: [steel]
    actions: {orange: {cut_output: 10%}}
  - grades: [C]
    actions: {orange: {cut_output: 10%}}
";
    assert_eq!(
        Catalog::from_yaml(yaml).unwrap_err(),
        [
            "6:5: this rule follows the stricter rule at 3:5 and matches the same enterprises, \
             so it would override it where stricter measures apply: list stricter rules after \
             the rules they tighten"
        ]
    );
}

#[test]
fn yaml_and_structure_errors_have_locations() {
    let cases = [
        (
            "name: x\nindustry:\n  - grade: [B]\n",
            "3:5: unknown field `grade`, expected one of industries, grades, actions, stricter",
        ),
        (
            "name: x\nindustry:\n  - grades: [B]\n    actions: {yellow: halt}\n",
            "4:23: unknown variant `halt`, expected one of none, voluntary, stop, cut_output, \
             stop_processes, stop_units, staggered, extend_coking, keep_warm, bank",
        ),
        (
            "name: x\nindustry:\n  - grades: [B]\n    actions:\n      purple: stop\n",
            "5:7: unknown field `purple`, expected one of blue, yellow, orange, red",
        ),
        (
            "name: x\norders:\n  - kind: trafic\n    level: red\n    measure: m\n",
            "3:11: unknown variant `trafic`, expected one of traffic, dust, other",
        ),
        ("name: x\nindustry: [\n", "2:11: unclosed bracket '['"),
        ("industry: []\n", "1:1: missing field `name`"),
    ];
    for (yaml, expected) in cases {
        assert_eq!(Catalog::from_yaml(yaml).unwrap_err(), [expected], "{yaml}");
    }
    assert!(Catalog::from_yaml("").is_err());
}

#[test]
fn load_reads_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("measures.yaml");
    std::fs::write(&path, Catalog::shipped_yaml()).unwrap();
    assert_eq!(Catalog::load(&path).unwrap(), shipped());
    let missing = dir.path().join("missing.yaml");
    let err = Catalog::load(&missing).unwrap_err();
    assert_eq!(err.len(), 1);
    assert!(err[0].starts_with("cannot read "), "{err:?}");
    std::fs::write(&path, b"name: \xff\n").unwrap();
    assert!(Catalog::load(&path).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any edit of the shipped file parses or fails with messages; it never panics.
    #[test]
    fn edited_catalogs_never_panic(at in 0usize..20_000, len in 0usize..40, insert in ".{0,12}") {
        let text = Catalog::shipped_yaml();
        let mut cut_at = at.min(text.len());
        while !text.is_char_boundary(cut_at) {
            cut_at -= 1;
        }
        let mut end = (cut_at + len).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let edited = format!("{}{insert}{}", &text[..cut_at], &text[end..]);
        match Catalog::from_yaml(&edited) {
            Ok(cat) => {
                for grade in Grade::ALL {
                    let _ = cat.action(&ent("steel", grade), R, true);
                }
            }
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }
}

#[test]
fn named_industries_of_the_shipped_catalog() {
    let c = shipped();
    let named = c.named_industries();
    assert_eq!(&named[..4], ["steel", "钢铁", "长流程联合钢铁", "coking"]);
    assert_eq!(named.iter().filter(|n| **n == "steel").count(), 1);
    assert!(c.names_industry(" Steel "));
    assert!(c.names_industry("水泥"));
    assert!(!c.names_industry("steal"));
    assert!(!c.names_industry("food"));
}

#[test]
fn industries_listed_together_are_not_one_industry() {
    let c = shipped();
    // The grade scheme lists steel, coking and cement together: still three industries.
    assert!(c.same_industry("cement", "水泥"));
    assert!(c.same_industry(" Cement", "水泥"));
    assert!(!c.same_industry("cement", "coking"));
    assert!(!c.same_industry("水泥", "焦化"));
    assert!(c.same_industry("food", "FOOD"));
    assert_eq!(c.industry_label("coking", true), "焦化");
    assert_eq!(c.industry_label("焦化", false), "coking");
    assert_eq!(c.industry_label("长流程联合钢铁", true), "钢铁");
    assert_eq!(c.industry_label("food", true), "food");
}

#[test]
fn a_name_of_two_industries_is_refused() {
    let e = Catalog::from_yaml(
        "name: t\nindustry_names:\n  - [cement, 水泥]\n  - [building_materials, 建材, 水泥]\n",
    )
    .unwrap_err();
    assert_eq!(
        e,
        [
            "4:30: industry_names[1]: '水泥' is also a name of industry_names[0]: one name cannot \
          mean two industries"
        ]
    );
}
