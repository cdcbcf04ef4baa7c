//! The `hazeplan` binary: parses arguments and reports errors; all logic is in the library.

use std::process::ExitCode;

use clap::Parser;
use hazeplan::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match hazeplan::app::run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`hazeplan ... | head`) is not a failure.
            if let hazeplan::Error::Write { source, .. } = &err
                && source.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            let code = err.exit_code();
            eprintln!("error: {:#}", anyhow::Error::new(err));
            ExitCode::from(code)
        }
    }
}
