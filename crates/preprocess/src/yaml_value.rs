//! YAML text read straight into a Liquid value (`page.*`, `site.*`,
//! `site.data.*` of [`super::templates`]), in one pass: no `serde_json`
//! value in between. Numbers, booleans, strings, lists and maps as Jekyll
//! gives them (YAML as Jekyll reads it, [`super::yaml`]); a date stays its
//! text as Ruby writes it, null is nil.

use super::diag::Diagnostic;
use liquid_core::model::{Object, Value};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// YAML text as a Liquid value: nil when it is not valid (front matter and
/// `_config.yml` were checked already) or empty.
pub fn parse(text: &str) -> Value {
    super::yaml::load(text)
        .ok()
        .and_then(|loaded| super::yaml::from_node::<Liquid>(&loaded.root).ok())
        .map_or(Value::Nil, |Liquid(value)| value)
}

/// A `_data/` file (`shown`) as a Liquid value. A file Jekyll would refuse
/// is a warning naming the line, the column and the reason, and nil; keys
/// written twice are warnings too (the last value is used).
pub fn parse_file(shown: &str, text: &str, warnings: &mut Vec<Diagnostic>) -> Value {
    let loaded = super::yaml::load(text).and_then(|loaded| {
        let value = super::yaml::from_node::<Liquid>(&loaded.root)?;
        Ok((loaded.duplicates, value))
    });
    match loaded {
        Ok((duplicates, Liquid(value))) => {
            super::meta::duplicates(shown, 1, &duplicates, warnings);
            value
        }
        Err(e) => {
            warnings.push(
                Diagnostic::warning(
                    shown,
                    e.line.max(1),
                    e.column.max(1),
                    format!("not valid YAML: {}; `site.data` leaves it out", e.reason),
                )
                .fix("correct the YAML there (Jekyll refuses the file too)"),
            );
            Value::Nil
        }
    }
}

/// A Liquid value deserialized from any self-describing format.
struct Liquid(Value);

impl<'de> Deserialize<'de> for Liquid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LiquidVisitor).map(Liquid)
    }
}

struct LiquidVisitor;

impl<'de> Visitor<'de> for LiquidVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::scalar(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::scalar(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        // Liquid's integers are i64; larger ones become floats, as serde_json's do.
        Ok(i64::try_from(v).map_or_else(|_| Value::scalar(v as f64), Value::scalar))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::scalar(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::scalar(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::scalar(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Liquid::deserialize(d).map(|Liquid(value)| value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Liquid(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Object::new();
        while let Some((key, Liquid(value))) = map.next_entry::<String, Liquid>()? {
            object.insert(key.into(), value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use liquid_core::model::Value;

    /// The value through JSON: YAML → serde_json → Liquid.
    fn through_json(text: &str) -> Value {
        crate::yaml::load(text)
            .ok()
            .and_then(|loaded| crate::yaml::from_node::<serde_json::Value>(&loaded.root).ok())
            .and_then(|json| liquid_core::model::to_value(&json).ok())
            .unwrap_or(Value::Nil)
    }

    #[test]
    fn reads_yaml_as_the_json_route_did() {
        let cases = [
            "title: Ciao\nlang: it\n",
            "n: 3\nneg: -4\nbig: 9223372036854775807\nf: 1.5\nyes: true\nnone: null\nempty:\n",
            "date: 2024-05-01\nwhen: 2024-05-01T10:00:00Z\nquoted: \"42\"\n",
            "list:\n  - a\n  - 2\n  - { k: v }\nnested:\n  deep:\n    - [1, 2]\n",
            "text: |\n  two\n  lines\n",
            "",
            "just a string",
            "bad: [unclosed",
        ];
        for text in cases {
            assert_eq!(super::parse(text), through_json(text), "{text:?}");
        }
    }

    #[test]
    fn a_whole_number_beyond_liquids_integers_is_a_float() {
        // The JSON route gave nil for the whole front matter here.
        let value = super::parse("big: 18446744073709551615\n");
        let Value::Object(object) = value else {
            panic!("not an object: {value:?}")
        };
        assert_eq!(object["big"], Value::scalar(18_446_744_073_709_551_615_f64));
    }
}
