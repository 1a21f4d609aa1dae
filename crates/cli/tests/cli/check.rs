use crate::helpers::{Workdir, dragnet, stderr};

#[test]
fn batch_verdicts_come_back_one_per_line_in_order() {
    let w = Workdir::new();
    // More lines than one parallel round, so chunking and reordering are exercised.
    let values = [
        "+18006427676",
        "hxxps://rnicrosoft-help[.]com/fix",
        "",
        "microsoft.com",
        "\u{feff}\u{0}junk",
    ];
    let mut input = String::new();
    for i in 0..20_000 {
        input.push_str(values[i % values.len()]);
        input.push('\n');
    }
    let f = w.write("values.txt", input);
    let o = dragnet()
        .args(["check", "--offline", "--batch"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 20_000);
    for (i, v) in lines.iter().enumerate() {
        assert_eq!(v["line"], i + 1);
        match i % values.len() {
            0 | 3 => assert_eq!(v["verdict"], "official", "{v}"),
            1 => assert_eq!(v["verdict"], "scam", "{v}"),
            2 => assert_eq!(v["error"], "empty line"),
            _ => assert!(v["verdict"].is_string() || v["error"].is_string(), "{v}"),
        }
    }
}
