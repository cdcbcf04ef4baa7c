//! The list's seasonal columns (错峰): the control and its days, all three or none.

use super::tests::{bad, ok};
use crate::emissions::Share;
use crate::measures::{SeasonalControl, SeasonalSource};

const HEADER: &str = "id,name,city,industry,so2,nox,pm,vocs,错峰措施,错峰开始日期,错峰结束日期\n";

#[test]
fn seasonal_columns_are_read_with_their_days() {
    let list = ok(&format!(
        "{HEADER}E1,甲水泥,太原,cement,1,2,3,0,停产,2026-11-15,2027-03-15\n\
         E2,乙水泥,太原,cement,1,2,3,0,限产30%,2026/11/15,2027年3月15日\n\
         E3,丙水泥,太原,cement,1,2,3,0,,,\n"
    ));
    let s = list[0].seasonal.as_ref().expect("E1 seasonal");
    assert_eq!(s.control, SeasonalControl::Stop);
    assert_eq!(s.source, SeasonalSource::List);
    assert_eq!(
        (s.start.to_string(), s.end.to_string()),
        ("2026-11-15".into(), "2027-03-15".into())
    );
    let s = list[1].seasonal.as_ref().expect("E2 seasonal");
    assert_eq!(s.control, SeasonalControl::Staggered(Share(300_000)));
    assert_eq!(s.end.to_string(), "2027-03-15");
    assert!(list[2].seasonal.is_none());
}

#[test]
fn a_seasonal_control_is_complete_and_in_order() {
    for (cells, message) in [
        (
            "停产,2026-11-15,",
            "2: column '错峰结束日期': a seasonal control (错峰) needs its last day: give the \
             control, its first and its last day, or leave all three empty",
        ),
        (
            ",2026-11-15,2027-03-15",
            "2: column '错峰措施': a seasonal control (错峰) needs the control (停产, 限产30%): \
             give the control, its first and its last day, or leave all three empty",
        ),
        (
            "三成,2026-11-15,2027-03-15",
            "2: column '错峰措施': '三成' is not a seasonal control: write 停产 (stop) or the \
             share of production off, such as 限产30% or 30%",
        ),
        (
            "停产,2026-11-31,2027-03-15",
            "2: column '错峰开始日期': '2026-11-31' is not a date (such as 2026-11-15)",
        ),
        (
            "停产,2027-03-15,2026-11-15",
            "2: column '错峰结束日期': the seasonal control ends on 2026-11-15, before it starts \
             on 2027-03-15",
        ),
    ] {
        let problems = bad(&format!("{HEADER}E1,甲水泥,太原,cement,1,2,3,0,{cells}\n"));
        assert_eq!(problems, [message.to_string()], "{cells}");
    }
}
