//! Where input comes from (#16 item 2 and 4): standard input as `-`, folders walked with
//! symlinks followed, a loop reported once and a file reached twice read once.

mod common;

use common::{fixture, hazeplan};

#[test]
fn aqi_reads_standard_input_as_dash() {
    let csv = std::fs::read(fixture("monitoring/long_zh.csv")).unwrap();
    let from_file = hazeplan()
        .arg("aqi")
        .arg(fixture("monitoring/long_zh.csv"))
        .output()
        .unwrap();
    hazeplan()
        .args(["aqi", "-"])
        .write_stdin(csv)
        .assert()
        .success()
        .stdout(from_file.stdout);
    // Defects are located in `-`.
    hazeplan()
        .args(["aqi", "-"])
        .write_stdin("time,station,PM2.5\n2023-01-20 10:00,A,abc\n2023-01-20 11:00,A,35\n")
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "-:2: column 'PM2.5': 'abc' is not a number; value skipped",
        ));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_once_and_a_linked_file_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    std::fs::create_dir(&a).unwrap();
    std::fs::copy(fixture("monitoring/long_zh.csv"), a.join("x.csv")).unwrap();
    // Two names for one file: read once.
    std::os::unix::fs::symlink("x.csv", a.join("y.csv")).unwrap();
    hazeplan()
        .arg("aqi")
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicates::str::contains("read 1 file(s), 3 row(s)"));
    // A link back up the tree: one error naming it, nothing read twice.
    std::os::unix::fs::symlink("..", a.join("loop")).unwrap();
    let out = hazeplan().arg("aqi").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("(a loop)").count(), 1, "{err}");
    assert!(err.contains("a/loop is a link back to"), "{err}");
}
