//! AQI levels 1-6 with their categories, official colours and health advice.
//!
//! Source: HJ 633—2012 表2 and 表A.1, HJ 633—2026 表1 and 表A.1 (standards.md 1.5, VERIFIED
//! primary). Colours are identical in both versions. 重污染 (heavy pollution) is AQI > 200,
//! that is level 5 or 6.

use std::fmt;

use serde::Serialize;

use super::Aqi;

/// An AQI level (级别), ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum AqiLevel {
    /// 一级 优, AQI 0-50 (2026: 1-50).
    Excellent = 1,
    /// 二级 良, AQI 51-100.
    Good = 2,
    /// 三级 轻度污染, AQI 101-150.
    Light = 3,
    /// 四级 中度污染, AQI 151-200.
    Moderate = 4,
    /// 五级 重度污染, AQI 201-300.
    Heavy = 5,
    /// 六级 严重污染, AQI > 300.
    Severe = 6,
}

/// An sRGB and CMYK colour as printed in 表A.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    /// Chinese name of the colour.
    pub name_zh: &'static str,
    /// Red, green, blue 0-255.
    pub rgb: (u8, u8, u8),
    /// Cyan, magenta, yellow, black in percent.
    pub cmyk: (u8, u8, u8, u8),
}

impl Colour {
    /// `#RRGGBB`.
    pub fn hex(self) -> String {
        let (r, g, b) = self.rgb;
        format!("#{r:02X}{g:02X}{b:02X}")
    }
}

/// Upper AQI bound of each level but the last (表2 / 表1).
const LEVEL_UPPER: [u16; 5] = [50, 100, 150, 200, 300];

impl AqiLevel {
    /// All levels, best first.
    pub const ALL: [AqiLevel; 6] = [
        AqiLevel::Excellent,
        AqiLevel::Good,
        AqiLevel::Light,
        AqiLevel::Moderate,
        AqiLevel::Heavy,
        AqiLevel::Severe,
    ];

    /// The level of an AQI value.
    pub fn of(aqi: Aqi) -> AqiLevel {
        let i = LEVEL_UPPER
            .iter()
            .position(|&u| aqi.value() <= u)
            .unwrap_or(LEVEL_UPPER.len());
        AqiLevel::ALL[i]
    }

    /// 1 to 6.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The level from its number 1-6.
    pub fn from_number(n: u8) -> Option<AqiLevel> {
        AqiLevel::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// 一级 … 六级.
    pub fn name_zh(self) -> &'static str {
        ["一级", "二级", "三级", "四级", "五级", "六级"][self as usize - 1]
    }

    /// The category (类别) in Chinese.
    pub fn category_zh(self) -> &'static str {
        ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"][self as usize - 1]
    }

    /// The category in English.
    pub fn category_en(self) -> &'static str {
        [
            "Excellent",
            "Good",
            "Lightly polluted",
            "Moderately polluted",
            "Heavily polluted",
            "Severely polluted",
        ][self as usize - 1]
    }

    /// The official colour (表A.1).
    pub fn colour(self) -> Colour {
        const C: [Colour; 6] = [
            Colour {
                name_zh: "绿色",
                rgb: (0, 228, 0),
                cmyk: (40, 0, 100, 0),
            },
            Colour {
                name_zh: "黄色",
                rgb: (255, 255, 0),
                cmyk: (0, 0, 100, 0),
            },
            Colour {
                name_zh: "橙色",
                rgb: (255, 126, 0),
                cmyk: (0, 52, 100, 0),
            },
            Colour {
                name_zh: "红色",
                rgb: (255, 0, 0),
                cmyk: (0, 100, 100, 0),
            },
            Colour {
                name_zh: "紫色",
                rgb: (153, 0, 76),
                cmyk: (10, 100, 40, 30),
            },
            Colour {
                name_zh: "褐红色",
                rgb: (126, 0, 35),
                cmyk: (30, 100, 100, 30),
            },
        ];
        C[self as usize - 1]
    }

    /// Health advice and recommended measures, HJ 633—2026 表1 (summarised).
    pub fn advice_zh(self) -> &'static str {
        match self {
            AqiLevel::Excellent => "空气质量令人满意，基本无空气污染，各类人群可正常活动",
            AqiLevel::Good => "空气质量可接受，极少数异常敏感人群应减少户外活动",
            AqiLevel::Light => {
                "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼"
            }
            AqiLevel::Moderate => {
                "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者避免长时间、高强度的户外锻炼，一般人群适量减少户外运动"
            }
            AqiLevel::Heavy => {
                "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应停留在室内，停止户外运动，一般人群减少户外运动"
            }
            AqiLevel::Severe => {
                "青少年儿童、老年人和病人应当留在室内，避免体力消耗，一般人群应避免户外活动"
            }
        }
    }

    /// Is this heavy pollution (重污染, AQI > 200)?
    pub fn is_heavy(self) -> bool {
        self >= AqiLevel::Heavy
    }
}

impl fmt::Display for AqiLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_bounds() {
        let l = |v| AqiLevel::of(Aqi::new(v)).number();
        assert_eq!(
            [l(0), l(50), l(51), l(100), l(101), l(150)],
            [1, 1, 2, 2, 3, 3]
        );
        assert_eq!(
            [l(151), l(200), l(201), l(300), l(301), l(500)],
            [4, 4, 5, 5, 6, 6]
        );
        assert!(AqiLevel::of(Aqi::new(201)).is_heavy());
        assert!(!AqiLevel::of(Aqi::new(200)).is_heavy());
    }

    #[test]
    fn names_and_colours() {
        assert_eq!(AqiLevel::Heavy.category_zh(), "重度污染");
        assert_eq!(AqiLevel::Heavy.colour().hex(), "#99004C");
        assert_eq!(AqiLevel::Excellent.colour().hex(), "#00E400");
        assert_eq!(AqiLevel::Severe.colour().hex(), "#7E0023");
        assert_eq!(AqiLevel::Light.colour().cmyk, (0, 52, 100, 0));
        assert_eq!(AqiLevel::from_number(4), Some(AqiLevel::Moderate));
        assert_eq!(AqiLevel::from_number(0), None);
        assert_eq!(AqiLevel::from_number(7), None);
    }
}
