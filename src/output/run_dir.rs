//! Output folders that hold one run: a command builds its whole set of files in a sibling
//! staging folder and swaps it in at the end, so a folder never mixes the files of two runs
//! (an earlier run's charts of a city this scenario does not have, an old report.md beside a
//! new warnings.csv), nothing is read back that this run did not write, and a failed or killed
//! run never leaves a set that looks complete.
//!
//! A folder hazeplan wrote carries a manifest (`.hazeplan-output`) naming the command and the
//! files. A run replaces such a folder, or an empty or new one, whole. A non-empty folder
//! without a manifest is someone else's: refused unless `--force`, which moves this run's files
//! in beside the folder's own (never deleting them). Staging folders of killed runs
//! (`.NAME.hazeplan-*` beside the output) and temporary files left inside it are removed by the
//! next run into that folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The manifest's file name.
pub const MANIFEST: &str = ".hazeplan-output";

/// The name prefix of the staging and retired folders beside an output folder.
fn prefix(name: &str) -> String {
    format!(".{name}.hazeplan-")
}

/// An output folder being built.
pub struct RunDir {
    /// Where the output goes.
    target: PathBuf,
    /// The staging folder (removed if the run fails before [`RunDir::commit`]).
    staging: tempfile::TempDir,
    /// The target holds files that are not a hazeplan output, and `--force` was given.
    foreign: bool,
}

fn write_err(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source: crate::diag::without_temp_path(source),
    }
}

impl RunDir {
    /// Prepares an output at `target` for `command` (`run`, `batch`): refuses a non-empty
    /// folder that is not a hazeplan output unless `force`, and removes what killed runs left.
    pub fn prepare(target: &Path, force: bool) -> Result<RunDir, Error> {
        if target.as_os_str() == "-" {
            return Err(Error::Usage(
                "-o -: this command writes a folder of files, not one stream; give a folder \
                 (standard output is for `hazeplan aqi`)"
                    .into(),
            ));
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "'{}' is not a folder name for an output",
                    target.display()
                ))
            })?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(write_err(target))?;
        if target.exists() && !target.is_dir() {
            return Err(Error::Usage(format!(
                "{} is a file, not a folder: choose another output folder",
                target.display()
            )));
        }
        let foreign = match foreign_entry(target).map_err(write_err(target))? {
            None => false,
            Some(_) if force => true,
            Some(example) => {
                return Err(Error::Usage(format!(
                    "{} holds files that are not a hazeplan output (such as '{example}'): \
                     choose a new or empty folder, or pass --force to write beside them",
                    target.display()
                )));
            }
        };
        clean_leftovers(&parent, &name, target);
        let staging = tempfile::Builder::new()
            .prefix(&format!("{}staging-", prefix(&name)))
            .tempdir_in(&parent)
            .map_err(write_err(target))?;
        Ok(RunDir {
            target: target.to_path_buf(),
            staging,
            foreign,
        })
    }

    /// The folder to write this run's files into.
    pub fn path(&self) -> &Path {
        self.staging.path()
    }

    /// The final folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the run's files in place: writes the manifest, then swaps the staging folder in
    /// for the target (or, into a foreign folder with `--force`, moves each file in).
    pub fn commit(self, command: &str) -> Result<(), Error> {
        let target = self.target.clone();
        let staging = self.staging.keep();
        let mut files = Vec::new();
        list_files(&staging, Path::new(""), &mut files).map_err(write_err(&target))?;
        files.sort();
        let manifest = format!(
            "hazeplan {} {command}\n{}\n",
            env!("CARGO_PKG_VERSION"),
            files.join("\n")
        );
        fs::write(staging.join(MANIFEST), manifest).map_err(write_err(&target))?;
        if self.foreign {
            for entry in fs::read_dir(&staging).map_err(write_err(&target))? {
                let entry = entry.map_err(write_err(&target))?;
                let to = target.join(entry.file_name());
                if to.is_dir() {
                    fs::remove_dir_all(&to).map_err(write_err(&to))?;
                }
                fs::rename(entry.path(), &to).map_err(write_err(&to))?;
            }
            return fs::remove_dir(&staging).map_err(write_err(&target));
        }
        if target.exists() {
            let parent = staging.parent().unwrap_or(Path::new("."));
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let retired = tempfile::Builder::new()
                .prefix(&format!("{}retired-", prefix(&name)))
                .tempdir_in(parent)
                .map_err(write_err(&target))?
                .keep();
            let old = retired.join("old");
            fs::rename(&target, &old).map_err(write_err(&target))?;
            fs::rename(&staging, &target).map_err(write_err(&target))?;
            // The earlier run's files: gone with their folder (a failure here leaves only a
            // hidden folder the next run removes).
            let _ = fs::remove_dir_all(&retired);
        } else {
            fs::rename(&staging, &target).map_err(write_err(&target))?;
        }
        Ok(())
    }
}

/// The first entry of `dir` that is neither a hazeplan output nor a leftover of one; `None`
/// for a missing or empty folder, or one with a manifest.
fn foreign_entry(dir: &Path) -> io::Result<Option<String>> {
    if !dir.exists() || dir.join(MANIFEST).exists() {
        return Ok(None);
    }
    let mut names: Vec<String> = fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // Temporary files of a killed run of an older version.
        .filter(|n| !n.starts_with(".tmp"))
        .collect();
    names.sort();
    Ok(names.into_iter().next())
}

/// Removes the staging and retired folders killed runs left beside `target`, and temporary
/// files inside it. Best effort: what cannot be removed is left for the next run.
fn clean_leftovers(parent: &Path, name: &str, target: &Path) {
    let p = prefix(name);
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&p) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
    for dir in [target.to_path_buf(), target.join("charts")] {
        if let Ok(entries) = fs::read_dir(&dir) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(".tmp") {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
    }
}

/// The files under `dir`, as paths relative to it with `/`.
fn list_files(dir: &Path, rel: &Path, out: &mut Vec<String>) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let r = rel.join(e.file_name());
        if e.file_type()?.is_dir() {
            list_files(&e.path(), &r, out)?;
        } else {
            out.push(r.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_into(target: &Path, force: bool, files: &[&str]) -> Result<(), Error> {
        let d = RunDir::prepare(target, force)?;
        for f in files {
            let p = d.path().join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, f).unwrap();
        }
        d.commit("run")
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v = Vec::new();
        list_files(dir, Path::new(""), &mut v).unwrap();
        v.sort();
        v
    }

    #[test]
    fn a_second_run_replaces_the_first_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        run_into(&out, false, &["a.csv", "charts/timeline_太原.png"]).unwrap();
        run_into(&out, false, &["b.csv", "charts/timeline_晋中.png"]).unwrap();
        assert_eq!(
            listing(&out),
            [MANIFEST, "b.csv", "charts/timeline_晋中.png"]
        );
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(
            manifest.ends_with("\nb.csv\ncharts/timeline_晋中.png\n"),
            "{manifest}"
        );
        // Nothing left beside it.
        assert_eq!(listing(tmp.path()).len(), 3);
    }

    #[test]
    fn a_foreign_folder_is_refused_unless_forced_and_its_files_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = run_into(&out, false, &["a.csv"]).unwrap_err().to_string();
        assert!(e.contains("holds files that are not a hazeplan output (such as 'notes.txt')"));
        assert!(e.contains("--force"));
        assert_eq!(listing(&out), ["notes.txt"]);
        run_into(&out, true, &["a.csv"]).unwrap();
        assert_eq!(listing(&out), [MANIFEST, "a.csv", "notes.txt"]);
    }

    #[test]
    fn leftovers_of_a_killed_run_are_removed_and_a_failed_run_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        run_into(&out, false, &["a.csv"]).unwrap();
        // A killed run: a staging folder beside, a temporary file inside.
        fs::create_dir_all(tmp.path().join(".out.hazeplan-staging-XYZ")).unwrap();
        fs::write(out.join(".tmpABC"), "half").unwrap();
        // A failing run: prepared, then dropped without commit.
        {
            let d = RunDir::prepare(&out, false).unwrap();
            fs::write(d.path().join("b.csv"), "partial").unwrap();
        }
        assert_eq!(listing(&out), [MANIFEST, "a.csv"]);
        assert_eq!(listing(tmp.path()).len(), 2);
        // An empty folder and a folder with only temporary files are fine.
        let empty = tmp.path().join("empty");
        fs::create_dir_all(&empty).unwrap();
        fs::write(empty.join(".tmp123"), "").unwrap();
        run_into(&empty, false, &["x.csv"]).unwrap();
        assert_eq!(listing(&empty), [MANIFEST, "x.csv"]);
    }
}
