//! The escaping filters every template interpolation goes through.
//!
//! Tera escapes only for HTML, and eksnet writes YAML, HCL and JSON, where a
//! quote, a newline or a `${` in a tag value would change the document's
//! meaning. So autoescape is off and each `{{ }}` in `blueprints/` ends in
//! one of these filters (a test enforces it). Each one turns any string into
//! a literal of its target language; `ident` instead refuses anything that is
//! not a plain identifier, so names used as keys or references cannot smuggle
//! syntax in, and `comment` refuses anything that would end a comment line
//! early (a line break or another control character).

use std::collections::HashMap;
use tera::{Result, Tera, Value};

/// The filters a template interpolation may end in.
pub const ESCAPING_FILTERS: &[&str] = &[
    "yaml", "cfn_sub", "hcl", "hcl_key", "json", "ident", "comment",
];

pub fn register(tera: &mut Tera) {
    tera.register_filter("yaml", yaml);
    tera.register_filter("cfn_sub", cfn_sub);
    tera.register_filter("hcl", hcl);
    tera.register_filter("hcl_key", hcl_key);
    tera.register_filter("json", json);
    tera.register_filter("ident", ident);
    tera.register_filter("comment", comment);
}

fn as_str<'a>(v: &'a Value, filter: &str) -> Result<&'a str> {
    v.as_str()
        .ok_or_else(|| tera::Error::msg(format!("filter `{filter}` expects a string, got {v}")))
}

/// The body of a YAML double-quoted scalar. Besides `"`, `\` and control
/// characters, YAML 1.1 parsers (PyYAML, used by cfn-lint) treat NEL, LS
/// and PS as line breaks and would fold them, and a BOM is stripped: all are
/// written as escapes so every parser reads the same text back.
pub fn yaml_body(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20
                || c == '\u{7f}'
                || c == '\u{85}'
                || c == '\u{2028}'
                || c == '\u{2029}'
                || c == '\u{feff}' =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// A YAML double-quoted scalar.
pub fn yaml_str(s: &str) -> String {
    format!("\"{}\"", yaml_body(s))
}

/// Text for the inside of a double-quoted `!Sub` string: literal `${`
/// becomes `${!`, which `Fn::Sub` writes back as `${`.
pub fn cfn_sub_body(s: &str) -> String {
    yaml_body(&s.replace("${", "${!"))
}

/// An HCL quoted string: `${` and `%{` start template sequences in HCL, so
/// they are doubled to stay literal.
pub fn hcl_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if next == Some('{') => out.push_str("$$"),
            '%' if next == Some('{') => out.push_str("%%"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match v {
        Value::String(s) => Ok(Value::String(yaml_str(s))),
        // Numbers and booleans are the same literal in YAML and JSON.
        Value::Bool(_) | Value::Number(_) => Ok(Value::String(v.to_string())),
        _ => Err(tera::Error::msg(format!(
            "filter `yaml` expects a scalar, got {v}"
        ))),
    }
}

fn cfn_sub(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(Value::String(cfn_sub_body(as_str(v, "cfn_sub")?)))
}

fn hcl(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match v {
        Value::String(s) => Ok(Value::String(hcl_str(s))),
        Value::Bool(_) | Value::Number(_) => Ok(Value::String(v.to_string())),
        _ => Err(tera::Error::msg(format!(
            "filter `hcl` expects a scalar, got {v}"
        ))),
    }
}

/// A quoted HCL map key padded to `width` columns, so that `=` lines up as
/// `terraform fmt` aligns it.
fn hcl_key(v: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let key = hcl_str(as_str(v, "hcl_key")?);
    let width = args.get("width").and_then(Value::as_u64).unwrap_or(0) as usize;
    let pad = width.saturating_sub(key.chars().count());
    Ok(Value::String(format!("{key}{}", " ".repeat(pad))))
}

fn json(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    serde_json::to_string(v)
        .map(Value::String)
        .map_err(|e| tera::Error::msg(e.to_string()))
}

fn ident(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let s = as_str(v, "ident")?;
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(Value::String(s.to_string()))
    } else {
        Err(tera::Error::msg(format!(
            "`{s}` is not an identifier (letters, digits, `_`, `-`)"
        )))
    }
}

/// Text for the rest of a comment line (`#checkov:skip=ID:text`): YAML
/// and HCL end a comment at a line break, and YAML 1.1 also at NEL, LS and
/// PS, so those are refused rather than escaped (a comment has no escapes).
fn comment(v: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let s = as_str(v, "comment")?;
    let bad = s
        .chars()
        .find(|&c| c.is_control() || c == '\u{2028}' || c == '\u{2029}');
    match bad {
        None => Ok(Value::String(s.to_string())),
        Some(c) => Err(tera::Error::msg(format!(
            "{c:?} would end the comment line `{s}`"
        ))),
    }
}

/// Width of a quoted HCL key, for `hcl_key(width=...)`.
pub fn hcl_key_width<'a>(keys: impl IntoIterator<Item = &'a str>) -> usize {
    keys.into_iter()
        .map(|k| hcl_str(k).chars().count())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_doubles_template_sequences() {
        assert_eq!(hcl_str("a${b}%{c}$d"), r#""a$${b}%%{c}$d""#);
        assert_eq!(hcl_str("q\"\n\\"), r#""q\"\n\\""#);
    }

    #[test]
    fn cfn_sub_escapes_substitutions() {
        assert_eq!(cfn_sub_body("x${AWS::Region}\""), "x${!AWS::Region}\\\"");
    }

    #[test]
    fn comment_refuses_line_breaks() {
        let args = HashMap::new();
        assert!(comment(&Value::String("one line: ok".into()), &args).is_ok());
        for bad in ["a\nb", "a\rb", "a\u{85}b", "a\u{2028}b"] {
            assert!(
                comment(&Value::String(bad.into()), &args).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn yaml_escapes_line_breaks_of_every_yaml_version() {
        assert_eq!(yaml_str("a\u{2028}b\u{85}"), "\"a\\u2028b\\u0085\"");
    }
}
