//! Tonnages and shares as the cells of a bureau's tables write them (the inventory, the
//! enterprise list, the scenario's targets): parsed exactly, with messages in the table's own
//! terms.

use super::{Share, ShareError, Tonnes};
use crate::units::ConcentrationError;

/// An exact tonnage per day (up to six decimals, one gram; more are rounded half to even).
pub fn tonnes(text: &str) -> Result<Tonnes, String> {
    let t = text.trim();
    Tonnes::parse(t).map_err(|e| match e {
        ConcentrationError::Negative(_) => {
            format!("negative emission '{t}' (t/day cannot be below zero)")
        }
        ConcentrationError::TooLarge(_) => {
            format!("'{t}' t/day is implausibly large: check the unit (t/day, not kg or t/year)")
        }
        ConcentrationError::Empty | ConcentrationError::NotANumber(_) => {
            format!("'{t}' is not a number (t/day, such as 12.5)")
        }
    })
}

/// An exact share: `0.35`, `35%` or `35 %`, from 0 to 100 %.
pub fn share(text: &str) -> Result<Share, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("no value".to_string());
    }
    Share::parse(t).map_err(|e| match e {
        ShareError::Number(ConcentrationError::Negative(_)) => format!("negative share '{t}'"),
        ShareError::Number(_) => format!("'{t}' is not a share (write 35% or 0.35)"),
        // More than 100 %: a bare number above 1 is most likely a percentage without '%'.
        ShareError::MoreThanAll {
            ppm,
            percent: false,
            ..
        } if ppm <= 100_000_000 => format!("'{t}' is more than 100 % (for {t} percent write {t}%)"),
        ShareError::MoreThanAll { .. } => format!("'{t}' is more than 100 %"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tonnages() {
        assert_eq!(tonnes("12.5"), Ok(Tonnes(12_500_000)));
        assert_eq!(tonnes(" 0 "), Ok(Tonnes(0)));
        assert_eq!(tonnes("0.0000005"), Ok(Tonnes(0)));
        assert_eq!(
            tonnes("-1.2"),
            Err("negative emission '-1.2' (t/day cannot be below zero)".into())
        );
        assert_eq!(
            tonnes("1,2"),
            Err("'1,2' is not a number (t/day, such as 12.5)".into())
        );
        // An exponent, as spreadsheets export numbers, is a number.
        assert_eq!(tonnes("1.25e2"), Ok(Tonnes(125_000_000)));
        assert_eq!(
            tonnes("1e3t"),
            Err("'1e3t' is not a number (t/day, such as 12.5)".into())
        );
        assert!(
            tonnes("99999999")
                .unwrap_err()
                .contains("implausibly large")
        );
    }

    #[test]
    fn shares() {
        assert_eq!(share("35%"), Ok(Share(350_000)));
        assert_eq!(share("0.35"), Ok(Share(350_000)));
        assert_eq!(share(" 12.5 % "), Ok(Share(125_000)));
        assert_eq!(share("0"), Ok(Share(0)));
        assert_eq!(share("100%"), Ok(Share::ALL));
        assert_eq!(share("-5%"), Err("negative share '-5%'".into()));
        assert_eq!(
            share("30"),
            Err("'30' is more than 100 % (for 30 percent write 30%)".into())
        );
        assert_eq!(share("130%"), Err("'130%' is more than 100 %".into()));
        assert_eq!(
            share("abc"),
            Err("'abc' is not a share (write 35% or 0.35)".into())
        );
        assert_eq!(
            share("%"),
            Err("'%' is not a share (write 35% or 0.35)".into())
        );
        assert_eq!(share(""), Err("no value".into()));
    }
}
