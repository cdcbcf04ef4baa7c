//! `hazeplan completions SHELL` and `hazeplan man`: generated from the command-line definition
//! (clap_complete, clap_mangen), so they never fall behind it.

use std::io::Write;

use clap::CommandFactory;

use crate::Error;
use crate::cli::Cli;

/// Writes the completion script of `shell` to standard output.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<u8, Error> {
    // Into memory first: the generator panics on a write error (a closed pipe), writing
    // ourselves does not.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "hazeplan", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script).map_err(Error::stdout)?;
    out.flush().map_err(Error::stdout)?;
    Ok(0)
}

/// Writes the manual page (roff) to standard output.
pub(super) fn man() -> Result<u8, Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(Error::stdout)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page).map_err(Error::stdout)?;
    out.flush().map_err(Error::stdout)?;
    Ok(0)
}
