//! The words of the workbooks: sheet names and column titles, in Chinese (the default) or
//! English (`--lang en`). English column titles are the CSV column names themselves, so a
//! script written against a CSV file finds the same names in the workbook; Chinese titles are
//! the terms of the bureaus' own tables (一厂一策, 减排清单), with the CSV name where no
//! Chinese term is set.

use super::super::plan::Lang;

/// The sheets of the workbooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    /// The summary sheet of `plan.xlsx`.
    Summary,
    /// `warnings.csv`.
    Warnings,
    /// `warning_changes.csv`.
    WarningHistory,
    /// `orders.csv`.
    Orders,
    /// `reductions.csv`.
    Reductions,
    /// `projection_summary.csv`.
    Projection,
    /// `summary.csv` of a batch.
    YearlySummary,
    /// `quality.csv` of a batch.
    Quality,
}

/// The name of a sheet.
pub fn sheet(s: Sheet, lang: Lang) -> &'static str {
    let (zh, en) = match s {
        Sheet::Summary => ("汇总", "Summary"),
        Sheet::Warnings => ("预警", "Warnings"),
        Sheet::WarningHistory => ("预警变更", "Warning history"),
        Sheet::Orders => ("管控指令", "Orders"),
        Sheet::Reductions => ("减排核算", "Reductions"),
        Sheet::Projection => ("效果评估", "Projection"),
        Sheet::YearlySummary => ("年度统计", "Yearly summary"),
        Sheet::Quality => ("数据质量", "Data quality"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The name of a city's schedule sheet (the 一厂一策 table of the city).
pub fn schedule_sheet(city: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{city}一厂一策"),
        Lang::En => format!("Schedule {city}"),
    }
}

/// The Chinese title of a CSV column, if it has one.
fn column_zh(column: &str) -> Option<&'static str> {
    Some(match column {
        "id" => "编号",
        "city" => "城市",
        "county" => "区县",
        "region" => "区域",
        "level" => "预警级别",
        "response" => "响应级别",
        "issued_at" => "发布时间",
        "start" => "开始时间",
        "end" => "解除时间",
        "source" => "来源",
        "sources" => "全部来源",
        "trigger" => "依据",
        "flags" => "提示",
        "change" => "变更",
        "time" => "生效时间",
        "decided_at" => "决定时间",
        "reason" => "原因",
        "enterprise_id" => "企业编号",
        "enterprise" => "企业名称",
        "part" => "生产线/工序",
        "industry" => "行业",
        "grade" => "绩效分级",
        "action" => "措施代码",
        "measure" => "减排措施",
        "replaced_measure" => "被替代措施",
        "seasonal" => "错峰生产",
        "reduction_so2" => "SO2减排量(t/d)",
        "reduction_nox" => "NOx减排量(t/d)",
        "reduction_pm" => "颗粒物减排量(t/d)",
        "reduction_vocs" => "VOCs减排量(t/d)",
        "added_to_meet_target" => "为达标加严",
        "transport" => "运输管控",
        "kind" => "类别",
        "subject" => "对象",
        "order_id" => "指令编号",
        "date" => "日期",
        "pollutant" => "污染物",
        "inventory_t" => "排放清单(t/d)",
        "listed_t" => "清单企业减排(t/d)",
        "estimated_t" => "估算减排(t/d)",
        "reduced_t" => "计入减排(t/d)",
        "share_pct" => "减排比例(%)",
        "target_pct" => "减排目标(%)",
        "basis" => "核算口径",
        "met" => "是否达标",
        "heavy_hours_baseline" => "重污染小时数(无措施)",
        "heavy_hours_controlled" => "重污染小时数(有措施)",
        "heavy_hours_avoided" => "减少重污染小时数",
        "heavy_hours_controlled_low" => "重污染小时数(有措施,低)",
        "heavy_hours_controlled_high" => "重污染小时数(有措施,高)",
        "heavy_days_baseline" => "重污染天数(无措施)",
        "heavy_days_controlled" => "重污染天数(有措施)",
        "heavy_days_avoided" => "减少重污染天数",
        "peak_aqi_baseline" => "AQI峰值(无措施)",
        "peak_aqi_controlled" => "AQI峰值(有措施)",
        "mean_pm_reduction_pct" => "颗粒物平均降幅(%)",
        "pm_reduction_pct_blue" => "颗粒物降幅-蓝色(%)",
        "pm_reduction_pct_yellow" => "颗粒物降幅-黄色(%)",
        "pm_reduction_pct_orange" => "颗粒物降幅-橙色(%)",
        "pm_reduction_pct_red" => "颗粒物降幅-红色(%)",
        "year" => "年份",
        "valid_days" => "有效天数",
        "days_level_1" => "优天数",
        "days_level_2" => "良天数",
        "days_level_3" => "轻度污染天数",
        "days_level_4" => "中度污染天数",
        "days_level_5" => "重度污染天数",
        "days_level_6" => "严重污染天数",
        "days_aqi_over_200" => "AQI>200天数",
        "days_aqi_over_300" => "AQI>300天数",
        "mean_pm25" => "PM2.5均值",
        "p95_pm25" => "PM2.5第95百分位",
        "warnings_blue" => "蓝色预警次数",
        "warnings_yellow" => "黄色预警次数",
        "warnings_orange" => "橙色预警次数",
        "warnings_red" => "红色预警次数",
        "scope" => "范围",
        "name" => "名称",
        "format" => "格式",
        "encoding" => "编码",
        "rows" => "行数",
        "hours" => "小时数",
        _ => return None,
    })
}

/// The title of a CSV column in a sheet.
pub fn column(column: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => column_zh(column).unwrap_or(column).to_string(),
        Lang::En => column.to_string(),
    }
}

/// The titles of a CSV header.
pub fn header(columns: &[String], lang: Lang) -> Vec<String> {
    columns.iter().map(|c| column(c, lang)).collect()
}
