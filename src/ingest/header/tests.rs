//! Tests of header recognition and `--map`.

use super::Field::*;
use super::*;

/// The UCI Beijing header after CSV unquoting.
const UCI: &str = "No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,DEWP,RAIN,wd,WSPM,\
                   station";
const CHINESE: &str = "监测时间,城市,站点名称,PM2.5(μg/m³),PM10(μg/m³),SO2(μg/m³),NO2(μg/m³),\
                       CO(mg/m³),O3(μg/m³),O3_8h(μg/m³)";

fn map(s: &str) -> ColumnMap {
    s.parse().unwrap()
}

fn found(c: &Columns) -> Vec<(Field, usize)> {
    c.iter().map(|(f, i, _)| (f, i)).collect()
}

#[test]
fn station_code_wins_over_station_name() {
    let h = ["时间", "站点名称", "站点编码", "PM2.5"];
    let c = map_header(&h, &[]).unwrap();
    assert_eq!(c.get(Station), Some(2));
    let h = ["监测点编码", "监测点名称", "time", "PM2.5"];
    assert_eq!(map_header(&h, &[]).unwrap().get(Station), Some(0));
    let h = ["站点", "站点名称", "time", "PM2.5"];
    assert!(map_header(&h, &[]).is_err());
}

#[test]
fn keys_round_trip() {
    for f in Field::ALL {
        assert_eq!(Field::from_key(f.key()), Some(f));
        assert_eq!(Field::ALL[f as usize], f);
    }
    assert_eq!(Field::from_key("PM25"), Some(Pm25));
    assert_eq!(Field::from_key("pm2.5"), None);
    assert!(O3_8h.is_pollutant() && !City.is_pollutant());
}

#[test]
fn recognises_spellings() {
    let cases = [
        (
            Time,
            "time| DateTime |date_time|TimePoint|数据时间|日期时间|\u{feff}时间|监测时间",
        ),
        (Time, "时间（北京时间）"),
        (Date, "Date|日期"),
        (Hour, "HOUR|时|小时"),
        (Year, "Year|年|年份"),
        (Month, "month|月|月份"),
        (Day, "day|日"),
        (
            Station,
            "Station_Code|site name|SiteCode|站点|站点编码|监测点|监测点名称",
        ),
        (
            Station,
            "监测点编码|点位|点位名称|stationname|site|站点名称",
        ),
        (City, "City Name|城市|城市名称|地市|city"),
        (Pm25, "PM2.5(μg/m³)|PM2.5 [ug/m3]|pm_2.5|PM2.5|pm-2.5"),
        (Pm10, "PM10（μg/m³）|pm10"),
        (So2, "SO2|so2(ug/m3)"),
        (No2, "NO2|no2(ug/m3)"),
        (Co, "CO（mg/m3）|CO(mg/m3）|co"),
        (O3, "O3-1h|O3|o3_1h(ug/m3)"),
        (O3_8h, "O3_8h|O3-8小时|o3 8h (ug/m3)|O3_8h(μg/m³)"),
    ];
    for (f, cells) in cases {
        for cell in cells.split('|') {
            assert_eq!(recognise(cell), Some(f), "{cell}");
        }
    }
    let others = "No|TEMP|wd|PM2.5_24h|O3_8h_24h|AQI||(μg/m³)|PM2.5(|PM|co2|类型|datehour";
    for cell in others.split('|') {
        assert_eq!(recognise(cell), None, "{cell}");
    }
}

#[test]
fn co_units() {
    for cell in ["CO(mg/m3)", "CO（mg/m³）", "CO (MG/M3)", "CO(毫克/立方米)"] {
        assert_eq!(co_unit_of(cell), Some(CoUnit::Mg), "{cell}");
    }
    for cell in ["CO(μg/m³)", "CO(µg/m3)", "CO(ug/m3)", "CO [ μg / m3 ]"] {
        assert_eq!(co_unit_of(cell), Some(CoUnit::Ug), "{cell}");
    }
    for cell in ["CO", "CO(ppm)", "PM2.5(mg/m3)"] {
        assert_eq!(co_unit_of(cell), None, "{cell}");
    }
}

#[test]
fn parses_maps() {
    let want = ColumnMap {
        field: Pm25,
        column: "PM2.5 (ug/m3)".into(),
    };
    assert_eq!(map("pm25=PM2.5 (ug/m3)"), want);
    assert_eq!(map(" O3_8H = a=b ").column, "a=b");
    let err = |s: &str| s.parse::<ColumnMap>().unwrap_err();
    assert_eq!(err("pm25"), "--map 'pm25' needs FIELD=COLUMN");
    assert_eq!(err("pm25="), "--map 'pm25=' needs FIELD=COLUMN");
    assert_eq!(err("=PM2.5"), "--map '=PM2.5' needs FIELD=COLUMN");
    assert_eq!(
        err("pm2.5=X"),
        "unknown field 'pm2.5' in --map (fields: time, date, hour, year, month, day, \
         station, city, parameter, value, unit, qc, pm25, pm10, so2, no2, co, o3, o3_8h); \
         did you mean 'pm25'?"
    );
    assert!(err("statoin=X").ends_with("did you mean 'station'?"));
    assert!(err("O3-8h=X").ends_with("did you mean 'o3_8h'?"));
    assert!(err("时间=X").ends_with("did you mean 'time'?"));
    assert!(err("temperature=X").ends_with("o3_8h)"));
}

#[test]
fn uci_header() {
    let h: Vec<&str> = UCI.split(',').collect();
    let c = map_header(&h, &[]).unwrap();
    let fields = [
        Year, Month, Day, Hour, Pm25, Pm10, So2, No2, Co, O3, Station,
    ];
    let mut want: Vec<(Field, usize)> = fields.into_iter().zip((1..=10).chain([17])).collect();
    want.sort();
    assert_eq!(found(&c), want);
    assert_eq!(c.name(Pm25), Some("PM2.5"));
    assert_eq!(co_unit_of(c.name(Co).unwrap()), None);
}

#[test]
fn chinese_header() {
    let h: Vec<&str> = CHINESE.split(',').collect();
    let c = map_header(&h, &[]).unwrap();
    let fields = [Time, City, Station, Pm25, Pm10, So2, No2, Co, O3, O3_8h];
    let mut want: Vec<(Field, usize)> = fields.into_iter().zip(0..).collect();
    want.sort();
    assert_eq!(found(&c), want);
    assert_eq!(co_unit_of(c.name(Co).unwrap()), Some(CoUnit::Mg));
}

#[test]
fn explicit_maps_win() {
    let h = ["date", "hour", "PM2.5", "pm25", "value"];
    assert_eq!(
        map_header(&h, &[]).unwrap_err().to_string(),
        "columns 3 ('PM2.5') and 4 ('pm25') both look like pm25; choose one with --map \
         pm25=COLUMN"
    );
    let c = map_header(&h, &[map("pm25=pm25")]).unwrap();
    assert_eq!(found(&c), [(Date, 0), (Hour, 1), (Value, 4), (Pm25, 3)]);
    // Case-insensitive when no exact match; a mapped column is not recognised again.
    let c = map_header(&h, &[map("pm10=Value"), map("pm25=PM2.5")]).unwrap();
    assert_eq!((c.get(Pm10), c.get(Pm25)), (Some(4), Some(2)));
    let c = map_header(&["t", "PM2.5", "hour"], &[map("time=T"), map("pm10=PM2.5")]).unwrap();
    assert_eq!(found(&c), [(Time, 0), (Hour, 2), (Pm10, 1)]);
    assert!(map_header(&h, &[map("pm25=pm25"), map("pm25=pm25")]).is_ok());
}

#[test]
fn map_errors() {
    let h = ["time", "PM2.5", "a", "A", "x", "x"];
    let err = |maps: &[&str]| {
        let maps: Vec<ColumnMap> = maps.iter().map(|m| map(m)).collect();
        map_header(&h, &maps).unwrap_err().to_string()
    };
    assert_eq!(
        err(&["pm25=PM25x"]),
        "--map names column 'PM25x', which the header does not have (columns: time, \
         PM2.5, a, A, x, x)"
    );
    let twice = "which matches columns 5 and 6 of the header";
    assert_eq!(err(&["pm10=x"]), format!("--map names column 'x', {twice}"));
    // An exact match is preferred to case-insensitive ones; without one, two are ambiguous.
    assert_eq!(map_header(&h, &[map("pm10=a")]).unwrap().get(Pm10), Some(2));
    assert_eq!(err(&["pm10=X"]), format!("--map names column 'X', {twice}"));
    assert_eq!(
        err(&["pm10=a", "pm10=A"]),
        "--map gives pm10 twice ('a' and 'A')"
    );
    assert_eq!(
        err(&["pm10=a", "so2=a"]),
        "--map maps column 'a' to both pm10 and so2"
    );
    let wide: Vec<String> = (0..40).map(|i| format!("c{i}")).collect();
    let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
    let e = map_header(&wide, &[map("pm25=zz")]).unwrap_err();
    assert!(e.to_string().ends_with("c28, c29, ... (10 more))"), "{e}");
}

#[test]
fn header_errors() {
    let err = |h: &[&str]| map_header(h, &[]).unwrap_err();
    assert_eq!(err(&[]), HeaderError::EmptyHeader);
    assert_eq!(err(&["", " "]), HeaderError::EmptyHeader);
    assert_eq!(err(&["station", "PM2.5"]), HeaderError::NoTime);
    assert_eq!(err(&["date", "PM2.5"]), HeaderError::NoTime);
    assert_eq!(
        err(&["year", "month", "hour", "PM2.5"]),
        HeaderError::NoTime
    );
    assert_eq!(
        HeaderError::NoTime.to_string(),
        "no time columns: need 'time', or 'date' and 'hour', or 'year', 'month', 'day' and \
         'hour' (use --map)"
    );
    assert_eq!(err(&["date", "hour", "station"]), HeaderError::NoPollutant);
    assert_eq!(
        HeaderError::NoPollutant.to_string(),
        "no pollutant columns found (use --map)"
    );
    // Two station names (neither a code) need a choice.
    let e = err(&["time", "站点", "站点名称", "PM10"]).to_string();
    assert!(e.starts_with("columns 2 ('站点') and 3 ('站点名称') both look like station"));
    assert!(map_header(&["date", "hour", "O3_8h"], &[]).is_ok());
    assert!(map_header(&["time", "co"], &[]).is_ok());
    assert_eq!(
        err(&["time", "Parameter"]).to_string(),
        "a parameter column but no value column: one row per parameter needs both (use --map \
         value=COLUMN)"
    );
}

#[test]
fn per_parameter_headers() {
    let embassy = [
        "Site",
        "Parameter",
        "Date (LST)",
        "Year",
        "Month",
        "Day",
        "Hour",
        "Value",
        "Unit",
        "Duration",
        "QC Name",
    ];
    let c = map_header(&embassy, &[]).unwrap();
    assert!(c.per_parameter());
    assert_eq!(
        found(&c),
        [
            (Date, 2),
            (Hour, 6),
            (Year, 3),
            (Month, 4),
            (Day, 5),
            (Station, 0),
            (Parameter, 1),
            (Value, 7),
            (Unit, 8),
            (Qc, 10)
        ]
    );
    let openaq = ["location", "parameter", "value", "unit", "datetime"];
    let c = map_header(&openaq, &[]).unwrap();
    assert!(c.per_parameter());
    assert_eq!(c.get(Station), Some(0));
    // Pollutant columns win: a wide file with a stray `value` column stays wide.
    let c = map_header(&["time", "PM2.5", "value", "parameter"], &[]).unwrap();
    assert!(!c.per_parameter());
}
