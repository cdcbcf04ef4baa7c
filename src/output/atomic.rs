//! Output files written atomically: into a temporary file beside the target, renamed into
//! place only when complete, so a failed run never leaves a half-written file.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::Error;

/// The UTF-8 byte-order mark written first in CSV files (see [`Output::csv`]).
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where a command's output goes: a file (atomically) or standard output.
pub enum Output {
    /// A temporary file, persisted to `path` by [`Output::commit`].
    File {
        /// The final path.
        path: PathBuf,
        /// The temporary file being written.
        tmp: BufWriter<NamedTempFile>,
    },
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
}

impl Output {
    /// Opens `path` for writing, or standard output for `None` or `-`.
    pub fn create(path: Option<&Path>) -> Result<Output, Error> {
        match path {
            None => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) if p.as_os_str() == "-" => Ok(Output::Stdout(BufWriter::new(io::stdout()))),
            Some(p) => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                // The output's folder is made if missing (`-o results/2026/aqi.csv`).
                let err = |source| Error::Write {
                    path: p.to_path_buf(),
                    source: crate::diag::without_temp_path(source),
                };
                if dir.exists() && !dir.is_dir() {
                    return Err(Error::Usage(format!(
                        "cannot write {}: {} is a file, not a folder",
                        p.display(),
                        dir.display()
                    )));
                }
                std::fs::create_dir_all(&dir).map_err(err)?;
                let tmp = NamedTempFile::new_in(&dir).map_err(err)?;
                Ok(Output::File {
                    path: p.to_path_buf(),
                    tmp: BufWriter::with_capacity(1 << 16, tmp),
                })
            }
        }
    }

    /// Opens a CSV output: as [`Output::create`], and a file (not standard output) starts with
    /// the UTF-8 byte-order mark when `bom`. Excel on Chinese Windows reads a CSV without the
    /// mark in the system code page (GBK) and shows the Chinese names as mojibake; pandas,
    /// polars, DuckDB and the csv crate skip the mark. Standard output gets none: it goes to
    /// pipes and terminals, where the mark would be a stray character.
    pub fn csv(path: Option<&Path>, bom: bool) -> Result<Output, Error> {
        let mut out = Output::create(path)?;
        if bom && matches!(out, Output::File { .. }) {
            out.write_all(UTF8_BOM).map_err(|e| out.err(e))?;
        }
        Ok(out)
    }

    fn path(&self) -> PathBuf {
        match self {
            Output::File { path, .. } => path.clone(),
            Output::Stdout(_) => PathBuf::from("-"),
        }
    }

    /// Maps an I/O error to a write error naming this output.
    pub fn err(&self, source: io::Error) -> Error {
        Error::Write {
            path: self.path(),
            source: crate::diag::without_temp_path(source),
        }
    }

    /// Writes the file `name` of an output folder `dir` atomically with `f`: a CSV file with
    /// the UTF-8 byte-order mark first when `bom`, any other file as `f` writes it.
    pub fn write_file(
        dir: &Path,
        name: &str,
        bom: bool,
        f: &dyn Fn(&mut Output) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let mut out = Output::csv(Some(&dir.join(name)), bom && name.ends_with(".csv"))?;
        f(&mut out).map_err(|e| out.err(e))?;
        out.commit()
    }

    /// Finishes: flushes and, for a file, renames it into place.
    pub fn commit(self) -> Result<(), Error> {
        match self {
            Output::Stdout(mut w) => w.flush().map_err(Error::stdout),
            Output::File { path, tmp } => {
                let tmp = tmp.into_inner().map_err(|e| Error::Write {
                    path: path.clone(),
                    source: e.into_error(),
                })?;
                // Temporary files are created private (0600); an output is an ordinary file.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    tmp.as_file()
                        .set_permissions(std::fs::Permissions::from_mode(0o644))
                        .map_err(|source| Error::Write {
                            path: path.clone(),
                            source,
                        })?;
                }
                tmp.persist(&path).map_err(|e| Error::Write {
                    path: path.clone(),
                    source: crate::diag::without_temp_path(e.error),
                })?;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::File { tmp, .. } => tmp.write(buf),
            Output::Stdout(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::File { tmp, .. } => tmp.flush(),
            Output::Stdout(w) => w.flush(),
        }
    }
}
