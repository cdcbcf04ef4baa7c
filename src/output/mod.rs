//! Where results go, below every writer: files written atomically (a temporary file beside
//! the target, renamed over it when complete; [`atomic`]) and output folders that hold one
//! run, built beside the target and swapped in at the end ([`run_dir`]). Tables, reports and
//! charts all write through here.

pub mod atomic;
pub mod run_dir;
