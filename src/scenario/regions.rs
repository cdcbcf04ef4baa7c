//! The shipped regions of joint control (`regions/shanxi.yaml`, embedded): the key regions of
//! the national action plan and the joint-control areas of Shanxi, each membership with its
//! source and status, so that a scenario can name a region instead of listing its members.

use std::sync::OnceLock;

use serde::Deserialize;

/// A member of a shipped region: a whole city, or some of its counties.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShippedMember {
    /// City (short name, `太原`).
    pub city: String,
    /// Only these counties of the city; empty: the whole city.
    #[serde(default)]
    pub counties: Vec<String>,
    /// The member's own status, if it differs from the region's.
    #[serde(default)]
    pub status: Option<String>,
    /// The member's own source.
    #[serde(default)]
    pub source: Option<String>,
}

/// A shipped region.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShippedRegion {
    /// The name a scenario uses.
    pub name: String,
    /// Other spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A descriptive title.
    pub title: String,
    /// Where the membership comes from.
    pub source: String,
    /// VERIFIED, SECONDARY or UNVERIFIED.
    pub status: String,
    /// Its members.
    pub members: Vec<ShippedMember>,
}

impl ShippedRegion {
    /// The least certain status of the region and the given members: `UNVERIFIED` if any is.
    pub fn status_of<'a>(
        &'a self,
        members: impl IntoIterator<Item = &'a ShippedMember>,
    ) -> &'a str {
        let mut worst = self.status.as_str();
        for m in members {
            if let Some(s) = &m.status
                && rank(s) > rank(worst)
            {
                worst = s;
            }
        }
        worst
    }
}

fn rank(status: &str) -> u8 {
    match status {
        "VERIFIED" => 0,
        "SECONDARY" => 1,
        _ => 2,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    regions: Vec<ShippedRegion>,
}

/// Every shipped region, in file order.
pub fn shipped() -> &'static [ShippedRegion] {
    static REGIONS: OnceLock<Vec<ShippedRegion>> = OnceLock::new();
    REGIONS.get_or_init(|| {
        let f: File = serde_saphyr::from_str(include_str!("../../regions/shanxi.yaml"))
            .expect("regions/shanxi.yaml is checked by a test");
        f.regions
    })
}

/// A shipped region by its name or an alias.
pub fn find(name: &str) -> Option<&'static ShippedRegion> {
    let name = name.trim();
    shipped()
        .iter()
        .find(|r| r.name == name || r.aliases.iter().any(|a| a == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_regions_parse_and_every_membership_has_a_status() {
        let all = shipped();
        assert!(all.len() >= 8);
        for r in all {
            assert!(
                ["VERIFIED", "SECONDARY", "UNVERIFIED"].contains(&r.status.as_str()),
                "{}: {}",
                r.name,
                r.status
            );
            assert!(!r.source.is_empty(), "{}", r.name);
            for m in &r.members {
                if let Some(s) = &m.status {
                    assert!(["VERIFIED", "SECONDARY", "UNVERIFIED"].contains(&s.as_str()));
                }
            }
        }
        for name in [
            "汾渭平原",
            "京津冀及周边地区",
            "太原盆地",
            "汾河谷地",
            "大同盆地",
            "忻定盆地",
            "上党盆地",
        ] {
            assert!(find(name).is_some(), "{name}");
        }
        let one_thirty = find("1+30").expect("alias");
        assert_eq!(one_thirty.name, "太原及周边1+30");
        let counties: usize = one_thirty.members.iter().map(|m| m.counties.len()).sum();
        assert_eq!(counties, 30);
        assert_eq!(one_thirty.status_of(&one_thirty.members), "UNVERIFIED");
        let fw = find("汾渭平原").unwrap();
        assert!(fw.members.iter().any(|m| m.city == "太原"));
        assert!(!fw.members.iter().any(|m| m.city == "洛阳"));
    }
}
