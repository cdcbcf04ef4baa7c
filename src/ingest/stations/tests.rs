use super::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/station_list/");

const HEAD: &str = "监测点编码,监测点名称,城市,经度,纬度,对照点,省级行政区,地级行政区\n";

fn real(name: &str) -> Option<Vec<u8>> {
    let path = format!("{DIR}{name}");
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(_) => {
            eprintln!("skipped: {path} absent");
            None
        }
    }
}

fn errors(text: &str) -> Vec<String> {
    StationList::from_bytes(text.as_bytes())
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn real_gbk_list() {
    let Some(bytes) = real("NewSiteList.gbk.csv") else {
        return;
    };
    assert!(std::str::from_utf8(&bytes).is_err(), "the trap is GBK");
    let list = StationList::from_bytes(&bytes).unwrap();
    assert_eq!(list.len(), 2026);
    for n in 1081..=1089 {
        let s = list.get(&format!("{n}A")).unwrap();
        assert_eq!(s.city, "太原");
        assert_eq!(s.province.as_deref(), Some("山西省"));
        assert_eq!(s.prefecture.as_deref(), Some("太原市"));
    }
    let s = list.get("1081A").unwrap();
    assert_eq!(s.name, "尖草坪");
    assert_eq!((s.lon, s.lat), (Some(112.5139), Some(37.8873)));
    assert!(!s.control);
    assert_eq!(list.get("1089A").unwrap().name, "金胜");
    assert!(list.get("1083A").unwrap().control);
    let d = list.get("1002A").unwrap();
    assert_eq!((d.name.as_str(), d.control), ("定陵(对照点)", true));
    assert_eq!(list.get("1013A").unwrap().name, "市监测中心(停运150702)");
    let s = list.get("2172A").unwrap();
    assert_eq!((s.lon, s.lat, s.city.as_str()), (None, None, "晋中"));
    assert_eq!(list.iter().filter(|s| s.lon.is_none()).count(), 10);
    assert_eq!(list.iter().filter(|s| s.control).count(), 250);
    assert_eq!(
        list.by_name("尖草坪").map(|s| s.code.as_str()),
        Some("1081A")
    );
    assert!(
        list.by_name("东城区").is_none(),
        "two stations share this name"
    );
    let cities = list.cities();
    assert_eq!(cities[..3], ["北京", "天津", "石家庄"]);
    assert!(cities.contains(&"太原"));
    assert_eq!(list.iter().next().map(|s| s.code.as_str()), Some("1001A"));
}

#[test]
fn real_gbk_and_utf8_agree() {
    let (Some(gbk), Some(utf8)) = (real("NewSiteList.gbk.csv"), real("NewSiteList.utf8.csv"))
    else {
        return;
    };
    let a = StationList::from_bytes(&gbk).unwrap();
    let b = StationList::from_bytes(&utf8).unwrap();
    assert!(a.iter().eq(b.iter()));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&utf8);
    let c = StationList::from_bytes(&bom).unwrap();
    assert!(a.iter().eq(c.iter()));
    let p = Path::new(DIR).join("NewSiteList.gbk.csv");
    assert!(StationList::from_path(&p).unwrap().iter().eq(a.iter()));
}

#[test]
fn encodings_and_bom() {
    let text = format!("{HEAD}1081A,尖草坪,太原,112.5139,37.8873,N,山西省,太原市\n");
    let utf8 = StationList::from_bytes(text.as_bytes()).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let from_gbk = StationList::from_bytes(&gbk).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let from_bom = StationList::from_bytes(&bom).unwrap();
    assert_eq!(utf8.get("1081A").unwrap().name, "尖草坪");
    assert!(utf8.iter().eq(from_gbk.iter()));
    assert!(utf8.iter().eq(from_bom.iter()));
    assert_eq!(
        StationList::from_bytes(b"code,name\n\xFF\xFF,\x80\n").unwrap_err(),
        vec![StationListError::Encoding]
    );
}

#[test]
fn english_header_and_flags() {
    let text = "Code,NAME,city,control\n\
                A1,One,X,Y\nA2,Two,X,y\nA3,Three,Y,是\nA4,Four,Y,1\nA5,Five,Z,TRUE\n\
                B1,,X,N\nB2,b,X,n\nB3,b,X,否\nB4,c,X,0\nB5,d,X,false\n\r\n\"B6\",\" e \",X,\n";
    let list = StationList::from_bytes(text.as_bytes()).unwrap();
    assert_eq!(list.len(), 11);
    let control: Vec<bool> = list.iter().map(|s| s.control).collect();
    let mut want = vec![true; 5];
    want.extend([false; 6]);
    assert_eq!(control, want);
    let b6 = list.get("B6").unwrap();
    assert_eq!(
        (b6.name.as_str(), b6.lon, b6.province.as_ref()),
        ("e", None, None)
    );
    assert_eq!(list.cities(), ["X", "Y", "Z"]);
    assert!(list.by_name("b").is_none());
    assert!(list.by_name("").is_none());
    assert_eq!(list.by_name("Two").unwrap().code, "A2");
    assert!(list.get("a1").is_none());
    let empty = StationList::from_bytes(b"code,name,city,control\n").unwrap();
    assert!(empty.is_empty() && empty.cities().is_empty());
}

#[test]
fn row_errors_are_all_collected() {
    let text = format!(
        "{HEAD}1001A,a,北京,116.3,39.8,N,北京市,北京市\n\
         1001A,b,北京,116.3,39.8,N,北京市,北京市\n\
         1003A,c,北京,abc,91,N,北京市,北京市\n\
         1004A,d,北京,-181,nan,X,北京市,北京市\n\
         ,e,,1,1,N,北京市,北京市\n\
         1006A,f,北京,1,1\n\
         1007A,g,北京,1,1,N,北京市,北京市,,\n\
         1008A,h,北京,1,1,N,北京市,北京市,extra\n"
    );
    assert_eq!(
        errors(&text),
        [
            "3: station code '1001A' appears twice (first on line 2)",
            "4: column '经度': 'abc' is not a number",
            "4: column '纬度': 91 is outside -90 to 90",
            "5: column '经度': -181 is outside -180 to 180",
            "5: column '纬度': 'nan' is not a number",
            "5: column '对照点': 'X' is not Y or N",
            "6: column '监测点编码': no value",
            "6: column '城市': no value",
            "7: 5 fields where the header has 8",
            "9: 9 fields where the header has 8",
        ]
    );
}

#[test]
fn header_errors() {
    assert_eq!(
        errors("监测点编码,监测点名称,经度,纬度\n1001A,a,1,1\n"),
        ["missing column '城市'", "missing column '对照点'"]
    );
    assert_eq!(
        errors("code,name,lon\n"),
        ["missing column 'city'", "missing column 'control'"]
    );
    assert_eq!(
        errors("code,name,city,control,CITY\n"),
        ["column 'CITY' appears twice in the header (columns 3 and 5)"]
    );
    assert_eq!(errors(""), ["the file is empty (no header)"]);
    assert_eq!(errors("\n \n"), ["the file is empty (no header)"]);
}

#[test]
fn missing_file_names_the_path() {
    let p = Path::new("/nonexistent/stations.csv");
    let e = StationList::from_path(p).unwrap_err();
    assert_eq!(e.len(), 1);
    assert!(
        e[0].to_string()
            .starts_with("cannot read /nonexistent/stations.csv: "),
        "{}",
        e[0]
    );
}
