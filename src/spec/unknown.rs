//! Every unknown key of a spec at once.
//!
//! serde stops at the first unknown key; a user fixing a file wants them
//! all. This walks the parsed YAML against the spec's own JSON Schema (the
//! one `eksnet schema` prints, so the two can never disagree) and lists
//! each key the schema does not allow, worded as serde would word it.

use schemars::schema::{RootSchema, Schema, SchemaObject};
use serde_yaml_ng::Value;

/// (parent path, key, the keys allowed there), in document order.
pub fn unknown_keys(doc: &Value) -> Vec<(String, String, Vec<String>)> {
    // Built once: a run of many specs reads each against the same schema.
    static ROOT: std::sync::OnceLock<RootSchema> = std::sync::OnceLock::new();
    let root = ROOT.get_or_init(|| schemars::schema_for!(super::Spec));
    let mut out = Vec::new();
    walk(root, &root.schema, doc, "", &mut out);
    out
}

/// Follow `$ref` and a lone `allOf` (how schemars wraps defaulted fields).
fn resolve<'a>(root: &'a RootSchema, s: &'a SchemaObject) -> &'a SchemaObject {
    if let Some(r) = &s.reference {
        let name = r.trim_start_matches("#/definitions/");
        if let Some(Schema::Object(o)) = root.definitions.get(name) {
            return resolve(root, o);
        }
    }
    if let Some(all) = s.subschemas.as_ref().and_then(|x| x.all_of.as_ref()) {
        if let [Schema::Object(o)] = all.as_slice() {
            return resolve(root, o);
        }
    }
    s
}

fn walk(
    root: &RootSchema,
    schema: &SchemaObject,
    value: &Value,
    path: &str,
    out: &mut Vec<(String, String, Vec<String>)>,
) {
    let schema = resolve(root, schema);
    let Some(obj) = &schema.object else { return };
    let Value::Mapping(map) = value else { return };
    let closed = matches!(
        obj.additional_properties.as_deref(),
        Some(Schema::Bool(false))
    );
    for (k, v) in map {
        let Some(key) = k.as_str() else { continue };
        match obj.properties.get(key) {
            Some(Schema::Object(child)) => {
                let child_path = if path.is_empty() {
                    key.to_string()
                } else {
                    format!("{path}.{key}")
                };
                walk(root, child, v, &child_path, out);
            }
            Some(_) => {}
            None if closed => out.push((
                path.to_string(),
                key.to_string(),
                obj.properties.keys().cloned().collect(),
            )),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_unknown_key_at_every_level() {
        let doc: Value = serde_yaml_ng::from_str(
            "regoin: x\nvpc:\n  natt: single\n  subnets: {publik: []}\ntags: {anything: goes}\nendpointAccess: {public: true}\n",
        )
        .unwrap();
        let found: Vec<(String, String)> = unknown_keys(&doc)
            .into_iter()
            .map(|(p, k, _)| (p, k))
            .collect();
        assert_eq!(
            found,
            [
                ("".to_string(), "regoin".to_string()),
                ("vpc".to_string(), "natt".to_string()),
                ("vpc.subnets".to_string(), "publik".to_string()),
            ]
        );
    }
}
