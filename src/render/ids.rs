//! IDs of a deployed network, read from `aws cloudformation describe-stacks`
//! JSON or `terraform output -json`, so the eksctl config for an existing
//! VPC can name real subnets instead of placeholders.
//!
//! Both documents come from eksnet's own outputs: CloudFormation `VpcId`,
//! `PublicSubnetIds`, `PrivateSubnetIds`, `NatPublicIps` (comma-joined, in
//! the model's AZ order); Terraform `vpc_id`, `public_subnets`,
//! `private_subnets`, `nat_public_ips` (lists in the same order).

use serde_json::Value;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ids {
    pub vpc_id: String,
    pub public_subnet_ids: Vec<String>,
    pub private_subnet_ids: Vec<String>,
    pub nat_public_ips: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum IdsError {
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{path} is neither `aws cloudformation describe-stacks` nor `terraform output -json` output: {reason}")]
    Shape { path: String, reason: String },
    #[error(
        "{path} has {found} {tier} subnet ID(s), but the plan has {expected} {tier} subnet(s)"
    )]
    Count {
        path: String,
        tier: &'static str,
        found: usize,
        expected: usize,
    },
}

impl Ids {
    pub fn from_file(path: &Path) -> Result<Ids, IdsError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| IdsError::Io {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        Ids::from_json(&text).map_err(|reason| IdsError::Shape {
            path: shown,
            reason,
        })
    }

    pub fn from_json(text: &str) -> Result<Ids, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if let Some(stacks) = v.get("Stacks") {
            return from_stacks(stacks);
        }
        if v.get("vpc_id").is_some() {
            return from_terraform(&v);
        }
        Err("no `Stacks` key and no `vpc_id` output".into())
    }

    /// Check the counts against the plan's subnets.
    pub fn check(&self, path: &str, public: usize, private: usize) -> Result<(), IdsError> {
        for (tier, found, expected) in [
            ("public", self.public_subnet_ids.len(), public),
            ("private", self.private_subnet_ids.len(), private),
        ] {
            if found != expected {
                return Err(IdsError::Count {
                    path: path.to_string(),
                    tier,
                    found,
                    expected,
                });
            }
        }
        Ok(())
    }
}

fn split(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn from_stacks(stacks: &Value) -> Result<Ids, String> {
    let stacks = stacks.as_array().ok_or("`Stacks` is not a list")?;
    let [stack] = stacks.as_slice() else {
        return Err(format!(
            "{} stacks described; pass one with --stack-name",
            stacks.len()
        ));
    };
    let outputs = stack
        .get("Outputs")
        .and_then(Value::as_array)
        .ok_or("the stack has no `Outputs`")?;
    let get = |key: &str| -> Option<String> {
        outputs
            .iter()
            .find(|o| o.get("OutputKey").and_then(Value::as_str) == Some(key))
            .and_then(|o| o.get("OutputValue"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(Ids {
        vpc_id: get("VpcId").ok_or("the stack has no `VpcId` output")?,
        public_subnet_ids: get("PublicSubnetIds")
            .map(|s| split(&s))
            .unwrap_or_default(),
        private_subnet_ids: get("PrivateSubnetIds")
            .map(|s| split(&s))
            .unwrap_or_default(),
        nat_public_ips: get("NatPublicIps").map(|s| split(&s)).unwrap_or_default(),
    })
}

fn from_terraform(v: &Value) -> Result<Ids, String> {
    let value = |key: &str| v.get(key).and_then(|o| o.get("value"));
    let list = |key: &str| -> Result<Vec<String>, String> {
        match value(key) {
            None | Some(Value::Null) => Ok(vec![]),
            Some(Value::Array(a)) => a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("`{key}` holds a non-string"))
                })
                .collect(),
            Some(_) => Err(format!("`{key}` is not a list")),
        }
    };
    Ok(Ids {
        vpc_id: value("vpc_id")
            .and_then(Value::as_str)
            .ok_or("`vpc_id` has no string `value`")?
            .to_string(),
        public_subnet_ids: list("public_subnets")?,
        private_subnet_ids: list("private_subnets")?,
        nat_public_ips: list("nat_public_ips")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_shapes() {
        let cfn = r#"{"Stacks":[{"StackName":"x","Outputs":[
            {"OutputKey":"VpcId","OutputValue":"vpc-1"},
            {"OutputKey":"PrivateSubnetIds","OutputValue":"subnet-a,subnet-b"}]}]}"#;
        let ids = Ids::from_json(cfn).unwrap();
        assert_eq!(ids.vpc_id, "vpc-1");
        assert_eq!(ids.private_subnet_ids, ["subnet-a", "subnet-b"]);
        let tf = r#"{"vpc_id":{"value":"vpc-2","type":"string","sensitive":false},
            "public_subnets":{"value":["subnet-c"]}}"#;
        let ids = Ids::from_json(tf).unwrap();
        assert_eq!(ids.vpc_id, "vpc-2");
        assert_eq!(ids.public_subnet_ids, ["subnet-c"]);
        assert!(Ids::from_json("{}").is_err());
    }
}
