//! IDs of a deployed network, read from `aws cloudformation describe-stacks`
//! JSON or `terraform output -json`, so the eksctl config for an existing
//! VPC can name real subnets instead of placeholders, and the secrets key
//! its `secretsEncryption.keyARN`.
//!
//! Both documents come from eksnet's own outputs (`outputs.rs` names them):
//! CloudFormation's are comma-joined, in the model's AZ order; Terraform's
//! are lists in the same order.

use super::outputs::{
    self, NAT_PUBLIC_IPS, POD_SUBNET_IDS, PRIVATE_SUBNET_IDS, PUBLIC_SUBNET_IDS,
    SECRETS_KMS_KEY_ARN, VPC_ID,
};
use serde_json::Value;
use std::path::Path;

const TF_VPC_ID: &str = outputs::terraform(VPC_ID);
const TF_PUBLIC_SUBNET_IDS: &str = outputs::terraform(PUBLIC_SUBNET_IDS);
const TF_PRIVATE_SUBNET_IDS: &str = outputs::terraform(PRIVATE_SUBNET_IDS);
const TF_POD_SUBNET_IDS: &str = outputs::terraform(POD_SUBNET_IDS);
const TF_NAT_PUBLIC_IPS: &str = outputs::terraform(NAT_PUBLIC_IPS);
const TF_SECRETS_KMS_KEY_ARN: &str = outputs::terraform(SECRETS_KMS_KEY_ARN);
/// Only in the remembered file: which zones the subnet lists are for.
const ZONES: &str = "zones";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ids {
    pub vpc_id: String,
    pub public_subnet_ids: Vec<String>,
    pub private_subnet_ids: Vec<String>,
    /// The pod subnets' (a network with `podNetwork.secondaryCidr`).
    pub pod_subnet_ids: Vec<String>,
    pub nat_public_ips: Vec<String>,
    /// The secrets key's ARN, when the network has one.
    pub secrets_kms_key_arn: Option<String>,
    /// The zones the subnet ID lists are in, in order: written in the
    /// remembered file, so IDs are never given to another zone's subnets.
    pub zones: Vec<String>,
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
    #[error("{path}: {what} `{value}` is not {expected}")]
    Value {
        path: String,
        what: &'static str,
        value: String,
        expected: String,
    },
}

/// Where `generate --ids-from` remembers the IDs, in the output directory:
/// later runs without `--ids-from` read them by themselves, so a plain
/// regenerate and `--check` keep the eksctl config's IDs.
pub const REMEMBERED_IDS_FILE: &str = "eksnet-ids.json";

/// The largest `--ids-from` file read. Both documents list one stack's or
/// one module's outputs, a few KiB; 16 MiB is far beyond any, and refuses a
/// wrong path at once.
pub const MAX_IDS_BYTES: u64 = 16 * 1024 * 1024;

impl Ids {
    /// Read a regular file of at most [`MAX_IDS_BYTES`]; a FIFO or a device
    /// is refused before it is opened.
    pub fn from_file(path: &Path) -> Result<Ids, IdsError> {
        let shown = path.display().to_string();
        let text = crate::read::bounded_text(path, MAX_IDS_BYTES).map_err(|e| IdsError::Io {
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
        if v.get(TF_VPC_ID).is_some() {
            return from_terraform(&v);
        }
        Err(format!("no `Stacks` key and no `{TF_VPC_ID}` output"))
    }

    /// The IDs as `terraform output -json` gives them (which `from_json`
    /// reads back): the file that remembers them, the same bytes every time.
    pub fn to_json(&self) -> String {
        let value = |v: Value| serde_json::json!({ "value": v });
        let list = |v: &[String]| value(Value::from(v.to_vec()));
        let mut doc = serde_json::json!({
            TF_VPC_ID: value(Value::from(self.vpc_id.clone())),
            TF_PUBLIC_SUBNET_IDS: list(&self.public_subnet_ids),
            TF_PRIVATE_SUBNET_IDS: list(&self.private_subnet_ids),
            TF_NAT_PUBLIC_IPS: list(&self.nat_public_ips),
        });
        if !self.pod_subnet_ids.is_empty() {
            doc[TF_POD_SUBNET_IDS] = list(&self.pod_subnet_ids);
        }
        // The key's ARN is remembered too, so eksctl's keyARN stays filled.
        if let Some(arn) = &self.secrets_kms_key_arn {
            doc[TF_SECRETS_KMS_KEY_ARN] = value(Value::from(arn.clone()));
        }
        if !self.zones.is_empty() {
            doc[ZONES] = list(&self.zones);
        }
        let mut text = serde_json::to_string_pretty(&doc).expect("JSON of strings");
        text.push('\n');
        text
    }

    /// Every value has AWS's syntax, and the key is in the cluster's region
    /// and partition: the values go into the eksctl config as they are.
    pub fn validate(&self, path: &str, region: &str, partition: &str) -> Result<(), IdsError> {
        let bad = |what, value: &str, expected: String| IdsError::Value {
            path: path.to_string(),
            what,
            value: crate::text::shown(value).into_owned(),
            expected,
        };
        if !crate::aws::resource_ids::is_id(&self.vpc_id, "vpc") {
            return Err(bad(
                "VPC ID",
                &self.vpc_id,
                "a VPC ID (vpc- and hex digits)".into(),
            ));
        }
        for s in self
            .public_subnet_ids
            .iter()
            .chain(&self.private_subnet_ids)
            .chain(&self.pod_subnet_ids)
        {
            if !crate::aws::resource_ids::is_id(s, "subnet") {
                return Err(bad(
                    "subnet ID",
                    s,
                    "a subnet ID (subnet- and hex digits)".into(),
                ));
            }
        }
        for ip in &self.nat_public_ips {
            if ip.parse::<std::net::Ipv4Addr>().is_err() {
                return Err(bad("NAT public IP", ip, "an IPv4 address".into()));
            }
        }
        if let Some(arn) = &self.secrets_kms_key_arn {
            let prefix = format!("arn:{partition}:kms:{region}:");
            let ok = arn.strip_prefix(&prefix).is_some_and(|rest| {
                rest.split_once(":key/").is_some_and(|(account, key)| {
                    account.len() == 12
                        && account.bytes().all(|b| b.is_ascii_digit())
                        && !key.is_empty()
                        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
            });
            if !ok {
                return Err(bad(
                    "KMS key ARN",
                    arn,
                    format!("a KMS key ARN in {region} ({prefix}ACCOUNT:key/ID)"),
                ));
            }
        }
        Ok(())
    }

    /// Check the counts against the plan's subnets.
    pub fn check(
        &self,
        path: &str,
        public: usize,
        private: usize,
        pod: usize,
    ) -> Result<(), IdsError> {
        for (tier, found, expected) in [
            ("public", self.public_subnet_ids.len(), public),
            ("private", self.private_subnet_ids.len(), private),
            ("pod", self.pod_subnet_ids.len(), pod),
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
    let list = |key: &str| get(key).map(|s| split(&s)).unwrap_or_default();
    Ok(Ids {
        vpc_id: get(VPC_ID.cloudformation)
            .ok_or_else(|| format!("the stack has no `{}` output", VPC_ID.cloudformation))?,
        public_subnet_ids: list(PUBLIC_SUBNET_IDS.cloudformation),
        private_subnet_ids: list(PRIVATE_SUBNET_IDS.cloudformation),
        pod_subnet_ids: list(POD_SUBNET_IDS.cloudformation),
        nat_public_ips: list(NAT_PUBLIC_IPS.cloudformation),
        secrets_kms_key_arn: get(SECRETS_KMS_KEY_ARN.cloudformation),
        zones: vec![],
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
        vpc_id: value(TF_VPC_ID)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`{TF_VPC_ID}` has no string `value`"))?
            .to_string(),
        public_subnet_ids: list(TF_PUBLIC_SUBNET_IDS)?,
        private_subnet_ids: list(TF_PRIVATE_SUBNET_IDS)?,
        pod_subnet_ids: list(TF_POD_SUBNET_IDS)?,
        nat_public_ips: list(TF_NAT_PUBLIC_IPS)?,
        secrets_kms_key_arn: match value(TF_SECRETS_KMS_KEY_ARN) {
            None | Some(Value::Null) => None,
            Some(Value::String(arn)) => Some(arn.clone()),
            Some(_) => return Err(format!("`{TF_SECRETS_KMS_KEY_ARN}` is not a string")),
        },
        zones: list(ZONES)?,
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
        assert_eq!(ids.secrets_kms_key_arn, None);
        let tf = r#"{"vpc_id":{"value":"vpc-2","type":"string","sensitive":false},
            "public_subnets":{"value":["subnet-c"]}}"#;
        let ids = Ids::from_json(tf).unwrap();
        assert_eq!(ids.vpc_id, "vpc-2");
        assert_eq!(ids.public_subnet_ids, ["subnet-c"]);
        let key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        let cfn = format!(
            r#"{{"Stacks":[{{"Outputs":[{{"OutputKey":"VpcId","OutputValue":"vpc-1"}},
            {{"OutputKey":"SecretsKmsKeyArn","OutputValue":"{key}"}}]}}]}}"#
        );
        assert_eq!(
            Ids::from_json(&cfn).unwrap().secrets_kms_key_arn.as_deref(),
            Some(key)
        );
        let tf = format!(
            r#"{{"vpc_id":{{"value":"vpc-2"}},"secrets_kms_key_arn":{{"value":"{key}"}}}}"#
        );
        assert_eq!(
            Ids::from_json(&tf).unwrap().secrets_kms_key_arn.as_deref(),
            Some(key)
        );
        assert!(Ids::from_json("{}").is_err());
    }

    #[test]
    fn remembered_ids_read_back_the_same() {
        let ids = Ids {
            vpc_id: "vpc-1".into(),
            public_subnet_ids: vec!["subnet-a".into()],
            private_subnet_ids: vec!["subnet-b".into(), "subnet-c".into()],
            pod_subnet_ids: vec!["subnet-d".into(), "subnet-e".into()],
            nat_public_ips: vec![],
            secrets_kms_key_arn: Some("arn:aws:kms:us-west-2:123456789012:key/k".into()),
            zones: vec!["us-west-2a".into(), "us-west-2b".into()],
        };
        let text = ids.to_json();
        assert_eq!(Ids::from_json(&text).unwrap(), ids);
        assert_eq!(Ids::from_json(&text).unwrap().to_json(), text);
    }

    #[test]
    fn values_must_have_aws_syntax_and_the_key_the_cluster_region() {
        let mut ids = Ids {
            vpc_id: "vpc-0123abcd".into(),
            private_subnet_ids: vec!["subnet-0123abcd".into()],
            nat_public_ips: vec!["198.51.100.7".into()],
            secrets_kms_key_arn: Some(
                "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab".into(),
            ),
            ..Ids::default()
        };
        assert!(ids.validate("f", "us-west-2", "aws").is_ok());
        let err = ids
            .validate("f", "eu-west-1", "aws")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("KMS key ARN") && err.contains("in eu-west-1"),
            "{err}"
        );
        ids.nat_public_ips = vec!["nat".into()];
        assert!(ids.validate("f", "us-west-2", "aws").is_err());
        ids.nat_public_ips = vec![];
        ids.private_subnet_ids = vec!["subnet-\u{1b}[2J".into()];
        let err = ids
            .validate("f", "us-west-2", "aws")
            .unwrap_err()
            .to_string();
        assert!(!err.contains('\u{1b}'), "{err}");
    }
}
