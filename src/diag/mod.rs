//! Diagnostics every input reader shares, below all the domain modules: a [`Problem`] located
//! by file, line, column and key path (or CSV column), all the problems of one input at once
//! ([`ScenarioErrors`]), "did you mean …?" for mistyped names (`suggest`) and the shortening
//! of values echoed in messages (a 1 MB cell is never printed whole).

pub mod problem;
pub(crate) mod suggest;

pub use problem::{MAX_PRINTED_PROBLEMS, Problem, ScenarioErrors};

/// The longest message printed whole; longer ones (a 1 MB cell or title echoed back) are cut.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// `text` as printed: whole up to `max` characters, else its start and how much was left out.
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            std::borrow::Cow::Owned(format!("{}… ({rest} more characters)", &text[..cut]))
        }
    }
}

/// An I/O error without the path of a temporary file that `tempfile` appends to its message
/// (" at path \"/out/.tmpXXXX\""): a user never sees our temporary names.
pub fn without_temp_path(e: std::io::Error) -> std::io::Error {
    let text = e.to_string();
    match text.find(" at path \"") {
        Some(i) => std::io::Error::new(e.kind(), text[..i].to_string()),
        None => e,
    }
}

#[cfg(test)]
mod shorten_tests {
    use super::shorten;

    #[test]
    fn long_texts_are_cut_with_a_count() {
        assert_eq!(shorten("太原盆地", 10), "太原盆地");
        assert_eq!(shorten("太原盆地", 2), "太原… (2 more characters)");
        let big = "x".repeat(1_000_000);
        assert_eq!(shorten(&big, 5), "xxxxx… (999995 more characters)");
    }
}
