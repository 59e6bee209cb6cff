//! The checkov findings eksnet accepts on purpose, written into the
//! generated files as inline suppressions (CloudFormation resource
//! `Metadata: checkov: skip`, Terraform `#checkov:skip=` comments).
//!
//! Each rule says which check, on which resource, in which format checkov
//! has that check, when its reason holds (decided here from the Topology, so
//! a template only asks whether the list is empty) and the one-line reason.
//! A suppression therefore appears only where the spec made the choice: the
//! secrets-encryption one only when `secretsEncryption` is off, and so on.
//! README.md's security section lists every rule; a test holds the two
//! together and runs checkov over every case with no accept list of its own.

use super::Format;
use crate::spec::LogType;
use crate::topology::{Tier, Topology};
use serde::Serialize;

/// One suppression as the templates lay it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub id: &'static str,
    pub comment: &'static str,
}

/// The generated resources that can carry suppressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    Vpc,
    /// The public subnets (one `for_each` block in Terraform).
    PublicSubnets,
    Cluster,
    FlowLogGroup,
    /// The node group's launch template.
    NodeLaunchTemplate,
    /// The node role's VPC CNI IPv6 policy (CloudFormation: on the node
    /// role, which holds it inline).
    CniIpv6Policy,
}

/// A finding accepted on purpose.
pub struct Rule {
    pub skip: Skip,
    pub on: On,
    /// The formats whose checkov policies include the check: a suppression
    /// of a check that does not exist there would only be noise.
    pub formats: &'static [Format],
    /// Where the reason holds, as the README says in words.
    pub when: &'static str,
    applies: fn(&Topology) -> bool,
}

const TF: &[Format] = &[Format::Terraform];
const CFN: &[Format] = &[Format::CloudFormation];
/// Why the CNI's IPv6 policy grants its actions on every resource.
const CNI_IPV6: &str = "the VPC CNI's IPv6 policy as the EKS guide gives it: ec2:AssignIpv6Addresses on any network interface of the nodes, as AmazonEKS_CNI_Policy grants its IPv4 counterparts";
const CNI_IPV6_WHEN: &str = "the cluster is IPv6 (`ipFamily: ipv6`)";
const BOTH: &[Format] = &[Format::CloudFormation, Format::Terraform];

/// Whether the public endpoint admits every address: EKS's default when no
/// CIDR is given, or a /0 in the spec.
fn open_to_all(t: &Topology) -> bool {
    let c = &t.cluster;
    c.endpoint_public_access
        && (c.public_access_cidrs.is_empty()
            || c.public_access_cidrs.iter().any(|n| n.prefix_len() == 0))
}

fn all_logs(t: &Topology) -> bool {
    use LogType::*;
    [Api, Audit, Authenticator, ControllerManager, Scheduler]
        .iter()
        .all(|l| t.cluster.logging.contains(l))
}

pub const RULES: &[Rule] = &[
    Rule {
        skip: Skip {
            id: "CKV_AWS_130",
            comment: "public subnets give instances public IPs: NAT gateways, internet-facing load balancers and nodes placed there need them",
        },
        on: On::PublicSubnets,
        formats: TF,
        when: "a public subnet assigns public IPs (every planned public subnet does)",
        applies: |t| t.subnets_of(Tier::Public).any(|s| s.map_public_ip_on_launch),
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_39",
            comment: "the spec turns the public endpoint on, for kubectl from outside the VPC; endpointAccess.public: false turns it off",
        },
        on: On::Cluster,
        formats: TF,
        when: "the public endpoint is on",
        applies: |t| t.cluster.endpoint_public_access,
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_38",
            comment: "the spec leaves the public endpoint open to 0.0.0.0/0, the EKS default (W033); endpointAccess.publicCidrs restricts it",
        },
        on: On::Cluster,
        formats: TF,
        when: "the public endpoint is on and admits 0.0.0.0/0",
        applies: open_to_all,
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_58",
            comment: "secrets encryption is opt-in: secretsEncryption: true creates a KMS key with rotation and encrypts secrets with it",
        },
        on: On::Cluster,
        formats: BOTH,
        when: "`secretsEncryption` is off",
        applies: |t| !t.cluster.secrets_encryption,
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_37",
            comment: "control-plane log types are opt-in (controlPlaneLogging), since each one costs CloudWatch Logs ingestion",
        },
        on: On::Cluster,
        formats: TF,
        when: "`controlPlaneLogging` leaves out some of the five log types",
        applies: |t| !all_logs(t),
    },
    Rule {
        skip: Skip {
            id: "CKV2_AWS_11",
            comment: "VPC flow logs are opt-in (flowLogs: true), since they cost CloudWatch Logs ingestion",
        },
        on: On::Vpc,
        formats: TF,
        when: "`flowLogs` is off",
        applies: |t| !t.flow_logs,
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_158",
            comment: "the flow-log group is encrypted with the CloudWatch Logs service key; a customer key would need a key policy for the logs service of each region",
        },
        on: On::FlowLogGroup,
        formats: BOTH,
        when: "`flowLogs` is on (the group exists)",
        applies: |t| t.flow_logs,
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_338",
            comment: "flow logs are kept 90 days, for troubleshooting; a year is a compliance choice with its own cost, made by changing the retention",
        },
        on: On::FlowLogGroup,
        formats: TF,
        when: "`flowLogs` is on (the group exists)",
        applies: |t| t.flow_logs,
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_341",
            comment: "hop limit 2, as eksctl sets it, so pods reach the instance metadata service; IMDSv2 tokens stay required",
        },
        on: On::NodeLaunchTemplate,
        formats: TF,
        when: "the node group's launch template lets pods reach IMDS (hop limit 2, eksctl's default, always)",
        applies: |t| t.node_launch().is_some_and(|l| l.imds_hop_limit > 1),
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_111",
            comment: CNI_IPV6,
        },
        on: On::CniIpv6Policy,
        formats: CFN,
        when: CNI_IPV6_WHEN,
        applies: |t| t.node_group.cni_ipv6_policy,
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_290",
            comment: CNI_IPV6,
        },
        on: On::CniIpv6Policy,
        formats: TF,
        when: CNI_IPV6_WHEN,
        applies: |t| t.node_group.cni_ipv6_policy,
    },
    Rule {
        skip: Skip {
            id: "CKV_AWS_355",
            comment: CNI_IPV6,
        },
        on: On::CniIpv6Policy,
        formats: TF,
        when: CNI_IPV6_WHEN,
        applies: |t| t.node_group.cni_ipv6_policy,
    },
];

/// The suppressions `format` writes on resource `on` of `t`.
pub fn skips(t: &Topology, format: Format, on: On) -> Vec<Skip> {
    RULES
        .iter()
        .filter(|r| r.on == on && r.formats.contains(&format) && (r.applies)(t))
        .map(|r| r.skip)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Architecture, LoadedSpec};
    use crate::topology::plan;

    fn topology(f: impl FnOnce(&mut crate::spec::Spec)) -> Topology {
        let mut s = LoadedSpec::built_in().spec;
        f(&mut s);
        let p = plan(&s);
        assert!(!p.diagnostics.has_errors(), "{:?}", p.diagnostics);
        p.topology.unwrap()
    }

    fn ids(t: &Topology, format: Format, on: On) -> Vec<&'static str> {
        skips(t, format, on).iter().map(|s| s.id).collect()
    }

    #[test]
    fn defaults_suppress_the_opt_ins_and_the_open_endpoint() {
        let t = topology(|_| {});
        assert_eq!(
            ids(&t, Format::Terraform, On::Cluster),
            ["CKV_AWS_39", "CKV_AWS_38", "CKV_AWS_58", "CKV_AWS_37"]
        );
        assert_eq!(ids(&t, Format::CloudFormation, On::Cluster), ["CKV_AWS_58"]);
        assert_eq!(ids(&t, Format::Terraform, On::Vpc), ["CKV2_AWS_11"]);
        assert_eq!(
            ids(&t, Format::Terraform, On::PublicSubnets),
            ["CKV_AWS_130"]
        );
        assert!(ids(&t, Format::Terraform, On::FlowLogGroup).is_empty());
        assert_eq!(
            ids(&t, Format::Terraform, On::NodeLaunchTemplate),
            ["CKV_AWS_341"]
        );
        assert!(ids(&t, Format::CloudFormation, On::NodeLaunchTemplate).is_empty());
    }

    #[test]
    fn opting_in_removes_each_suppression() {
        use LogType::*;
        let t = topology(|s| {
            s.secrets_encryption = true;
            s.flow_logs = true;
            s.control_plane_logging = vec![Api, Audit, Authenticator, ControllerManager, Scheduler];
            s.endpoint_access.public_cidrs = vec!["203.0.113.0/24".into()];
        });
        assert_eq!(ids(&t, Format::Terraform, On::Cluster), ["CKV_AWS_39"]);
        assert!(ids(&t, Format::CloudFormation, On::Cluster).is_empty());
        assert!(ids(&t, Format::Terraform, On::Vpc).is_empty());
        assert_eq!(
            ids(&t, Format::Terraform, On::FlowLogGroup),
            ["CKV_AWS_158", "CKV_AWS_338"]
        );
        assert_eq!(
            ids(&t, Format::CloudFormation, On::FlowLogGroup),
            ["CKV_AWS_158"]
        );
    }

    #[test]
    fn a_private_endpoint_and_no_public_subnets_need_none() {
        let t = topology(|s| {
            s.architecture = Architecture::FullyPrivate;
            s.vpc.nat = None;
            s.endpoint_access = Default::default();
        });
        assert!(!ids(&t, Format::Terraform, On::Cluster).contains(&"CKV_AWS_39"));
        assert!(!ids(&t, Format::Terraform, On::Cluster).contains(&"CKV_AWS_38"));
        assert!(ids(&t, Format::Terraform, On::PublicSubnets).is_empty());
    }

    /// Comments go into YAML strings and HCL comment lines: one line each.
    #[test]
    fn reasons_are_single_lines() {
        for r in RULES {
            assert!(
                !r.skip.comment.chars().any(char::is_control),
                "{}",
                r.skip.id
            );
        }
    }
}
