//! Warning levels (预警级别), ordered: none < pre < blue < yellow < orange < red (pipeline.md),
//! with the emergency response each level starts (Ⅲ/Ⅱ/Ⅰ级响应, practice.md 5), printed together
//! wherever people read a level.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A heavy-pollution warning level. Blue exists only in the legacy 2017 scheme; `Pre` is the
/// optional tier below the colour warnings (不利气象条件应对 / 临时管控, practice.md 2), off in
/// every shipped rule set.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum WarningLevel {
    /// No warning.
    #[default]
    None,
    /// 不利气象条件应对 (pre-warning controls, below yellow; not a colour warning).
    Pre,
    /// 蓝色 (legacy 2017 scheme only), Ⅳ级.
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

    /// Every level above none, lowest first.
    pub const ACTIVE: [WarningLevel; 5] = [
        WarningLevel::Pre,
        WarningLevel::Blue,
        WarningLevel::Yellow,
        WarningLevel::Orange,
        WarningLevel::Red,
    ];

    /// The identifier used in files: `none`, `pre`, `blue`, `yellow`, `orange`, `red`.
    pub fn id(self) -> &'static str {
        match self {
            WarningLevel::None => "none",
            WarningLevel::Pre => "pre",
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
            WarningLevel::Pre => "不利气象条件应对",
            WarningLevel::Blue => "蓝色预警",
            WarningLevel::Yellow => "黄色预警",
            WarningLevel::Orange => "橙色预警",
            WarningLevel::Red => "红色预警",
        }
    }

    /// The response a level starts (Shanxi and city notices: yellow Ⅲ级, orange Ⅱ级, red Ⅰ级;
    /// the 2017 scheme's blue Ⅳ级), or the measures of the pre-warning tier.
    pub fn response_zh(self) -> &'static str {
        match self {
            WarningLevel::None => "",
            WarningLevel::Pre => "临时管控",
            WarningLevel::Blue => "Ⅳ级响应",
            WarningLevel::Yellow => "Ⅲ级响应",
            WarningLevel::Orange => "Ⅱ级响应",
            WarningLevel::Red => "Ⅰ级响应",
        }
    }

    /// The response in English: `level III response`.
    pub fn response_en(self) -> &'static str {
        match self {
            WarningLevel::None => "",
            WarningLevel::Pre => "temporary controls",
            WarningLevel::Blue => "level IV response",
            WarningLevel::Yellow => "level III response",
            WarningLevel::Orange => "level II response",
            WarningLevel::Red => "level I response",
        }
    }

    /// The level as people read it: `橙色预警（Ⅱ级响应）` (practice.md 5).
    pub fn label_zh(self) -> String {
        match self {
            WarningLevel::None => self.name_zh().to_string(),
            _ => format!("{}（{}）", self.name_zh(), self.response_zh()),
        }
    }

    /// The level as people read it in English: `orange (level II response)`.
    pub fn label_en(self) -> String {
        match self {
            WarningLevel::None => "no warning".to_string(),
            WarningLevel::Pre => "pre-warning (temporary controls)".to_string(),
            _ => format!("{} ({})", self.id(), self.response_en()),
        }
    }

    /// The signal colour of a level as RGB, the one place the charts (`plot::style`) and the
    /// workbook (`report::xlsx`) take it from. No standard fixes RGB values for
    /// heavy-pollution warnings; these are the conventional signal colours, chosen saturated
    /// and distinct: blue #1E90FF, yellow #FFD700, orange #FF8C00, red #E00000, and the
    /// pre-warning tier slate #9AA5B1. No warning has no colour.
    pub fn rgb(self) -> Option<(u8, u8, u8)> {
        match self {
            WarningLevel::None => None,
            WarningLevel::Pre => Some((0x9A, 0xA5, 0xB1)),
            WarningLevel::Blue => Some((0x1E, 0x90, 0xFF)),
            WarningLevel::Yellow => Some((0xFF, 0xD7, 0x00)),
            WarningLevel::Orange => Some((0xFF, 0x8C, 0x00)),
            WarningLevel::Red => Some((0xE0, 0x00, 0x00)),
        }
    }

    /// Is this a colour warning (blue to red)? The pre-warning tier is not.
    pub fn is_warning(self) -> bool {
        self >= WarningLevel::Blue
    }

    /// Is any warning or pre-warning in force?
    pub fn is_active(self) -> bool {
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
            "pre" | "不利气象条件应对" | "临时管控" => Ok(WarningLevel::Pre),
            "blue" | "蓝色" => Ok(WarningLevel::Blue),
            "yellow" | "黄色" => Ok(WarningLevel::Yellow),
            "orange" | "橙色" => Ok(WarningLevel::Orange),
            "red" | "红色" => Ok(WarningLevel::Red),
            other => Err(format!(
                "'{other}' is not a warning level (none, pre, blue, yellow, orange, red)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_print_with_their_response() {
        assert_eq!(WarningLevel::Yellow.label_zh(), "黄色预警（Ⅲ级响应）");
        assert_eq!(WarningLevel::Orange.label_zh(), "橙色预警（Ⅱ级响应）");
        assert_eq!(WarningLevel::Red.label_zh(), "红色预警（Ⅰ级响应）");
        assert_eq!(WarningLevel::Red.label_en(), "red (level I response)");
        assert!(WarningLevel::Pre < WarningLevel::Blue && WarningLevel::Pre.is_active());
        assert!(!WarningLevel::Pre.is_warning() && WarningLevel::Blue.is_warning());
        assert_eq!("pre".parse::<WarningLevel>(), Ok(WarningLevel::Pre));
    }
}
