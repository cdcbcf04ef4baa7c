//! report.md as the complete plan a bureau sends (#12 item 8): the pre-warning periods and the
//! health advisories beside the colour warnings, the response level with each warning, the
//! issuing authority and document, and the list appendix.

mod common;

use common::{fixture, hazeplan};

fn report_of(scenario: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    hazeplan()
        .args(["run"])
        .arg(scenario)
        .arg("-o")
        .arg(dir.path())
        .assert()
        .success();
    std::fs::read_to_string(dir.path().join("report.md")).unwrap()
}

#[test]
fn pre_warnings_are_reported_apart_from_the_colour_warnings() {
    let report = report_of(fixture("scenarios/pre_warning.yaml").to_str().unwrap());
    // 晋中's first day is a pre-warning (AQI above 100 for 48 h), raised to orange on 12-02.
    assert!(
        report.contains(
            "| 晋中 | 发布 | 2026-12-01 00:00（2026-11-30 00:00 发布） | 不利气象条件应对（临时管控） |"
        ),
        "{report}"
    );
    assert!(report.contains(
        "- 不利气象条件应对（临时管控）：2026-12-01 00:00 → 2026-12-02 00:00。不属于颜色预警，\
         应急减排清单措施不执行；按本地不利气象条件应对方案加强监管。"
    ));
    // Without the tier (the plain planning scenario) there is none.
    let plain = report_of(fixture("scenarios/planning.yaml").to_str().unwrap());
    assert!(!plain.contains("不利气象条件应对"), "{plain}");
}

#[test]
fn the_example_report_is_a_complete_plan() {
    let report = report_of("scenarios/taiyuan-basin-winter.yaml");
    for part in [
        // The issuing authority and document.
        "发布单位：太原盆地重污染天气应急指挥部办公室（示例）；文号：示例〔2026〕1号",
        // Levels with their responses.
        "红色预警（Ⅰ级响应）",
        "橙色预警（Ⅱ级响应）",
        // The health advisory given instead of a warning (忻州's dust process).
        "健康提示",
        // A county's own warnings in a section of their own.
        "### 孝义市（区县预警）",
        // The seasonal baseline and the list appendix.
        "季节性管控（错峰生产）为基线",
        "## 附表：应急减排清单（一厂一策）",
        "| 错峰措施 |",
    ] {
        assert!(report.contains(part), "missing {part}");
    }
}
