//! Output folders hold one run (#13 item 1): a second run into a folder replaces the first
//! whole, a folder that is not a hazeplan output is refused unless `--force` (its files kept),
//! and a failed run changes nothing.

mod common;

use std::path::Path;

use common::{fixture, hazeplan};

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn run(scenario: &str, dir: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    hazeplan()
        .arg("run")
        .arg(fixture(scenario))
        .arg("-o")
        .arg(dir)
        .args(extra)
        .assert()
}

#[test]
fn a_second_run_leaves_nothing_of_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // A plan with measures, then a warnings-only scenario into the same folder.
    run("scenarios/planning.yaml", &out, &[]).success();
    assert!(names(&out).contains(&"report.md".to_string()));
    run("scenarios/minimal.yaml", &out, &[]).success();
    let after = names(&out);
    for stale in [
        "report.md",
        "report.html",
        "schedule.csv",
        "orders.csv",
        "reductions.csv",
    ] {
        assert!(
            !after.contains(&stale.to_string()),
            "{stale} left: {after:?}"
        );
    }
    assert!(after.contains(&".hazeplan-output".to_string()), "{after:?}");
    // Nothing beside the folder: the staging and retired folders are gone.
    assert_eq!(names(tmp.path()), ["out"]);
}

#[test]
fn a_folder_of_other_files_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("budget.xlsx"), "not ours").unwrap();
    run("scenarios/minimal.yaml", tmp.path(), &[])
        .code(2)
        .stderr(predicates::str::contains(
            "holds files that are not a hazeplan output (such as 'budget.xlsx'): choose a new \
             or empty folder, or pass --force to write beside them",
        ));
    assert_eq!(names(tmp.path()), ["budget.xlsx"]);
    run("scenarios/minimal.yaml", tmp.path(), &["--force"]).success();
    let after = names(tmp.path());
    assert!(
        after.contains(&"budget.xlsx".to_string()) && after.contains(&"warnings.csv".to_string())
    );
}

#[test]
fn a_failed_run_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run("scenarios/minimal.yaml", &out, &[]).success();
    let before = names(&out);
    let warnings = std::fs::read(out.join("warnings.csv")).unwrap();
    // A scenario that fails to load: the earlier output stays as it was.
    run("bad/scenarios/missing_key.yaml", &out, &[]).failure();
    assert_eq!(names(&out), before);
    assert_eq!(std::fs::read(out.join("warnings.csv")).unwrap(), warnings);
    assert_eq!(names(tmp.path()), ["out"]);
}

#[test]
fn a_folder_output_cannot_be_standard_output() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        vec!["run", "tests/fixtures/scenarios/minimal.yaml", "-o", "-"],
        vec!["batch", "tests/fixtures/monitoring", "-o", "-"],
    ] {
        hazeplan()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "-o -: this command writes a folder of files, not one stream",
            ));
    }
    // No folder named `-` anywhere.
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("-").exists());
    assert_eq!(names(tmp.path()).len(), 0);
}
