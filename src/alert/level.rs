//! Warning levels (预警级别), ordered: none < blue < yellow < orange < red (pipeline.md).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A heavy-pollution warning level. Blue exists only in the legacy 2017 scheme.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum WarningLevel {
    /// No warning.
    #[default]
    None,
    /// 蓝色 (legacy 2017 scheme only).
    Blue,
    /// 黄色, Ⅲ级.
    Yellow,
    /// 橙色, Ⅱ级.
    Orange,
    /// 红色, Ⅰ级.
    Red,
}

impl WarningLevel {
    /// The colour levels, lowest first.
    pub const COLOURS: [WarningLevel; 4] = [
        WarningLevel::Blue,
        WarningLevel::Yellow,
        WarningLevel::Orange,
        WarningLevel::Red,
    ];

    /// The identifier used in files: `none`, `blue`, `yellow`, `orange`, `red`.
    pub fn id(self) -> &'static str {
        match self {
            WarningLevel::None => "none",
            WarningLevel::Blue => "blue",
            WarningLevel::Yellow => "yellow",
            WarningLevel::Orange => "orange",
            WarningLevel::Red => "red",
        }
    }

    /// Chinese name: 蓝色预警 ….
    pub fn name_zh(self) -> &'static str {
        match self {
            WarningLevel::None => "无预警",
            WarningLevel::Blue => "蓝色预警",
            WarningLevel::Yellow => "黄色预警",
            WarningLevel::Orange => "橙色预警",
            WarningLevel::Red => "红色预警",
        }
    }

    /// Is this a warning at all?
    pub fn is_warning(self) -> bool {
        self != WarningLevel::None
    }
}

impl fmt::Display for WarningLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for WarningLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(WarningLevel::None),
            "blue" | "蓝色" => Ok(WarningLevel::Blue),
            "yellow" | "黄色" => Ok(WarningLevel::Yellow),
            "orange" | "橙色" => Ok(WarningLevel::Orange),
            "red" | "红色" => Ok(WarningLevel::Red),
            other => Err(format!(
                "'{other}' is not a warning level (none, blue, yellow, orange, red)"
            )),
        }
    }
}
