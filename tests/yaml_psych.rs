//! YAML as Jekyll reads it, proven on a table of cases
//! (`tests/jekyll/yaml_cases.json`): each case's `psych` is what Jekyll
//! 4.3 reads from its YAML (`Psych.safe_load` with Date and Time permitted
//! and aliases on), in the tagged form of `tests/jekyll/psych.rb`.
//!
//! - `the_preprocessor_reads_what_psych_reads`: the preprocessor's reading
//!   ([`tdt_preprocess::yaml`]) of every case equals `psych` (or `ours`,
//!   for the one documented difference, with its `why`); a case Psych
//!   refuses is refused here too, at the line and column Psych names.
//! - `the_table_is_psychs_own`: runs Ruby's Psych itself on every case and
//!   compares with `psych`, so the table cannot drift from the oracle.
//!   Without `ruby` (`apt-get install jekyll` brings it; `.ci/setup`
//!   installs it) it says so and passes. `UPDATE_FIXTURES=1` rewrites the
//!   `psych` fields from Ruby instead.

use serde_json::{Value as Json, json};
use std::path::PathBuf;
use tdt_preprocess::yaml::{self, Node, Value};

fn table_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jekyll/yaml_cases.json")
}

fn table() -> Vec<Json> {
    let text = std::fs::read_to_string(table_path()).expect("read yaml_cases.json");
    serde_json::from_str(&text).expect("yaml_cases.json is a JSON list of cases")
}

/// The tagged form of `psych.rb`.
fn canon(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(n) => json!({ "int": n.to_string() }),
        Value::Float(f) if f.is_nan() => json!({ "float": "nan" }),
        Value::Float(f) if f.is_infinite() => {
            json!({ "float": if *f > 0.0 { "inf" } else { "-inf" } })
        }
        Value::Float(f) => json!({ "float": yaml::float_text(*f) }),
        Value::Str(s) => json!(s),
        Value::Date(s) if s.len() == 10 => json!({ "date": s }),
        Value::Date(s) => json!({ "time": s }),
        Value::Seq(items) => Json::Array(items.iter().map(canon).collect()),
        Value::Map(entries) => Json::Array(
            entries
                .iter()
                .map(|(k, v)| Json::Array(vec![canon(k), canon(v)]))
                .collect(),
        ),
    }
}

/// `at line L column C` of a Psych message, when it names a place.
fn psych_place(message: &str) -> Option<(usize, usize)> {
    let rest = message.rsplit_once(" at line ")?.1;
    let (line, column) = rest.split_once(" column ")?;
    Some((line.parse().ok()?, column.trim().parse().ok()?))
}

#[test]
fn the_preprocessor_reads_what_psych_reads() {
    let cases = table();
    assert!(cases.len() >= 30, "the table has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let text = case["yaml"].as_str().unwrap();
        let expected = case.get("ours").unwrap_or(&case["psych"]);
        let ours = yaml::load(text);
        match (expected.get("error").and_then(Json::as_str), ours) {
            (None, Ok(loaded)) => {
                let got = canon(&loaded.root);
                if &got != expected {
                    failures.push(format!("{name}: read {got}, Psych reads {expected}"));
                }
            }
            (None, Err(e)) => failures.push(format!(
                "{name}: refused at {}:{} ({}), Psych reads {expected}",
                e.line, e.column, e.reason
            )),
            (Some(message), Ok(loaded)) => failures.push(format!(
                "{name}: read {}, Psych refuses it: {message}",
                canon(&loaded.root)
            )),
            (Some(message), Err(e)) => {
                if let Some(place) = psych_place(message)
                    && place != (e.line, e.column)
                {
                    failures.push(format!(
                        "{name}: refused at {}:{} ({}), Psych at {}:{} ({message})",
                        e.line, e.column, e.reason, place.0, place.1
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_is_psychs_own() {
    let ruby_found = std::process::Command::new("ruby")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ruby_found {
        println!(
            "skipped: ruby is not installed (apt-get install jekyll brings it; .ci/setup installs it)"
        );
        return;
    }
    let mut cases = table();
    let texts: Vec<&str> = cases.iter().map(|c| c["yaml"].as_str().unwrap()).collect();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jekyll/psych.rb");
    let psych = run_ruby(&script, &serde_json::to_string(&texts).unwrap());
    assert_eq!(psych.len(), cases.len());
    if std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| v == "1") {
        for (case, read) in cases.iter_mut().zip(psych) {
            case["psych"] = read;
        }
        let text = serde_json::to_string_pretty(&cases).unwrap();
        std::fs::write(table_path(), text + "\n").expect("write yaml_cases.json");
        return;
    }
    for (case, read) in cases.iter().zip(psych) {
        assert_eq!(
            read, case["psych"],
            "case {:?}: Psych's reading changed",
            case["name"]
        );
    }
}

fn run_ruby(script: &std::path::Path, input: &str) -> Vec<Json> {
    use std::io::Write;
    let mut child = std::process::Command::new("ruby")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start ruby");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().expect("ruby runs");
    assert!(output.status.success(), "psych.rb failed");
    serde_json::from_slice(&output.stdout).expect("psych.rb prints JSON")
}

#[test]
fn a_data_file_jekyll_reads_is_read_and_a_refused_one_says_where_and_why() {
    use tdt_preprocess::yaml_value::parse_file;
    let mut long = "a: 1\n".repeat(170);
    long.push_str("t: \"una stringa\ncontinuata in colonna zero\"\n");
    let mut warnings = Vec::new();
    let value = parse_file("content/_data/t.yml", &long, &mut warnings);
    assert!(warnings.len() == 169, "the 169 repeated `a` keys warn");
    let liquid_core::model::Value::Object(object) = value else {
        panic!("not a map: {value:?}")
    };
    assert_eq!(
        object["t"],
        liquid_core::model::Value::scalar("una stringa continuata in colonna zero")
    );
    assert_eq!(
        warnings[0].to_string(),
        "content/_data/t.yml:2:1: warning: `a` is written twice (first on line 1): the last value is used, as in Jekyll\n  fix: keep one `a:`"
    );
    let mut warnings = Vec::new();
    let broken = format!("{}b: 'never closed\n", "a: 1\n".repeat(171));
    let value = parse_file("content/_data/t.yml", &broken, &mut warnings);
    assert_eq!(value, liquid_core::model::Value::Nil);
    assert_eq!(
        warnings.last().unwrap().to_string(),
        "content/_data/t.yml:172:4: warning: not valid YAML: found unexpected end of stream while scanning a quoted scalar; `site.data` leaves it out\n  fix: correct the YAML there (Jekyll refuses the file too)"
    );
}
