//! Add-on profiles: what the software a cluster runs needs from the network
//! and the nodes. Each profile names the PrivateLink services it calls when
//! node subnets have no route out, the EKS managed add-on that installs it
//! (where one exists), the node role policies it relies on, and the settings
//! that live inside the cluster (Helm values, flags), which eksnet can only
//! tell about.
//!
//! Sources, read 2026-12:
//! - EKS user guide, "Deploy private clusters with limited internet access"
//!   (<https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html>):
//!   the endpoint each add-on needs, the Load Balancer Controller's and the
//!   Cluster Autoscaler's settings.
//! - EKS user guide, "EKS Pod Identity" (`eks-pod-identity-agent`, eks-auth).
//! - Karpenter, "Getting Started", section "Private Clusters"
//!   (<https://karpenter.sh/docs/getting-started/getting-started-with-karpenter/#private-clusters>).
//! - CloudWatch user guide, "Install the Amazon CloudWatch Observability EKS
//!   add-on" (CloudWatchAgentServerPolicy on the node role).
//! - Systems Manager user guide, "Improve the security of EC2 instances by
//!   using VPC endpoints for Systems Manager" (ssm, ssmmessages, ec2messages).
//! - eksctl: its node roles carry AmazonSSMManagedInstanceCore by default;
//!   `iam.withAddonPolicies.cloudWatch` attaches CloudWatchAgentServerPolicy.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An add-on the cluster runs, as the spec's `addons` list names it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Addon {
    /// EKS Pod Identity: the `eks-pod-identity-agent` managed add-on; pods get credentials from eks-auth.
    PodIdentity,
    /// AWS Load Balancer Controller (Helm): calls Elastic Load Balancing.
    LoadBalancerController,
    /// Cluster Autoscaler (Helm): calls Auto Scaling.
    ClusterAutoscaler,
    /// Karpenter (Helm): node subnets tagged `karpenter.sh/discovery`; calls SSM, SQS and EKS.
    Karpenter,
    /// Amazon CloudWatch Observability managed add-on (Container Insights, Fluent Bit): calls CloudWatch Logs.
    Cloudwatch,
    /// AWS Systems Manager on the nodes (Session Manager): calls ssm, ssmmessages and ec2messages.
    Ssm,
}

impl Addon {
    pub const ALL: [Addon; 6] = [
        Addon::PodIdentity,
        Addon::LoadBalancerController,
        Addon::ClusterAutoscaler,
        Addon::Karpenter,
        Addon::Cloudwatch,
        Addon::Ssm,
    ];

    /// The name the spec uses.
    pub fn as_str(self) -> &'static str {
        self.profile().key
    }

    pub fn profile(self) -> &'static Profile {
        PROFILES
            .iter()
            .find(|p| p.addon == self)
            .expect("every add-on has a profile")
    }
}

impl std::fmt::Display for Addon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one add-on needs.
#[derive(Debug)]
pub struct Profile {
    pub addon: Addon,
    pub key: &'static str,
    pub title: &'static str,
    /// PrivateLink services (`services::CATALOG` keys) it calls, needed when
    /// node subnets have no route out.
    pub endpoints: &'static [&'static str],
    /// The EKS managed add-on that installs it, if there is one.
    pub managed: Option<&'static str>,
    /// AWS managed policies its pods use through the node role.
    pub node_policies: &'static [&'static str],
    /// How it gets into the cluster when no EKS managed add-on installs it.
    pub install: &'static str,
    /// What must be set inside the cluster, with no route out.
    pub in_cluster: &'static str,
    pub source: &'static str,
}

/// Every profile, in `Addon::ALL` order.
pub const PROFILES: &[Profile] = &[
    Profile {
        addon: Addon::PodIdentity,
        key: "pod-identity",
        title: "EKS Pod Identity",
        endpoints: &["eks-auth"],
        managed: Some("eks-pod-identity-agent"),
        node_policies: &[],
        install: "",
        in_cluster: "create pod identity associations for the service accounts that call AWS",
        source: "https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html",
    },
    Profile {
        addon: Addon::LoadBalancerController,
        key: "load-balancer-controller",
        title: "AWS Load Balancer Controller",
        endpoints: &["elasticloadbalancing"],
        managed: None,
        node_policies: &[],
        install: HELM,
        in_cluster: "without a route out, install it with the Shield, WAF and WAFv2 integrations off \
                     (enableShield=false, enableWaf=false, enableWafv2=false), from images copied to \
                     ECR in your account; it cannot discover ACM certificates from Ingress hosts, so \
                     name each certificate's ARN",
        source: "https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html",
    },
    Profile {
        addon: Addon::ClusterAutoscaler,
        key: "cluster-autoscaler",
        title: "Cluster Autoscaler",
        endpoints: &["autoscaling"],
        managed: None,
        node_policies: &[],
        install: HELM,
        in_cluster: "without a route out, run it with --aws-use-static-instance-list=true \
                     (it cannot download the instance type list), from images copied to ECR in \
                     your account; it uses STS for IRSA",
        source: "https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html",
    },
    Profile {
        addon: Addon::Karpenter,
        key: "karpenter",
        title: "Karpenter",
        endpoints: &["eks", "sqs", "ssm"],
        managed: None,
        node_policies: &[],
        install: HELM,
        in_cluster: "without a route out, set the Helm value settings.isolatedVPC=true (no pricing API), \
                     give it a fixed instance profile (there is no IAM endpoint), install it from \
                     images copied to ECR in your account, and create the SQS queue it reads if you \
                     turn on interruption handling; select the node security group in the \
                     EC2NodeClass by the tag aws:eks:cluster-name=<cluster> that EKS puts on the \
                     cluster security group (eksnet tags only the subnets)",
        source: "https://karpenter.sh/docs/getting-started/getting-started-with-karpenter/#private-clusters",
    },
    Profile {
        addon: Addon::Cloudwatch,
        key: "cloudwatch",
        title: "Amazon CloudWatch Observability",
        endpoints: &["logs"],
        managed: Some("amazon-cloudwatch-observability"),
        node_policies: &["CloudWatchAgentServerPolicy"],
        install: "",
        in_cluster: "the add-on's agents use the node role's CloudWatchAgentServerPolicy \
                     (from version 3.1.0 EKS Pod Identity can replace it: add `pod-identity`); \
                     Application Signals, on by default, also sends traces to X-Ray: without a \
                     route out add `xray` to `privateLink` and give the agent AWSXrayWriteOnlyAccess, \
                     or turn Application Signals off",
        source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-setup-EKS-addon.html",
    },
    Profile {
        addon: Addon::Ssm,
        key: "ssm",
        title: "AWS Systems Manager",
        endpoints: &["ec2messages", "ssm", "ssmmessages"],
        managed: None,
        node_policies: &["AmazonSSMManagedInstanceCore"],
        install: "the SSM Agent runs on the node itself (the EKS AMIs include it): nothing to install",
        in_cluster: "the SSM agent on the nodes registers through the node role's \
                     AmazonSSMManagedInstanceCore; Session Manager then opens shells without SSH",
        source: "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html",
    },
];

/// How a Helm-installed add-on gets into the cluster.
const HELM: &str = "EKS has no managed add-on for it: install it with its Helm chart";

/// An EKS managed add-on every cluster gets, as eksctl installs them.
#[derive(Debug)]
pub struct Core {
    pub name: &'static str,
    /// Its pods run as a Deployment, which waits for nodes: created after
    /// the node group. DaemonSets (the VPC CNI, kube-proxy) come first, so
    /// nodes start with the managed versions.
    pub after_nodes: bool,
    pub reason: &'static str,
}

/// The VPC CNI's managed add-on name.
pub const VPC_CNI: &str = "vpc-cni";

/// The VPC CNI before the nodes (they are not Ready without it), CoreDNS after.
pub const CORE: &[Core] = &[
    Core {
        name: VPC_CNI,
        after_nodes: false,
        reason: "the Amazon VPC CNI: pod addresses from the VPC",
    },
    Core {
        name: "kube-proxy",
        after_nodes: false,
        reason: "service routing on each node",
    },
    Core {
        name: "coredns",
        after_nodes: true,
        reason: "cluster DNS",
    },
];

/// The core add-ons' names, for a clear error when a spec lists one.
pub fn is_core(name: &str) -> bool {
    CORE.iter().any(|c| c.name == name)
}

/// Whether a managed add-on runs a Deployment (so waits for nodes).
pub fn managed_after_nodes(name: &str) -> bool {
    match CORE.iter().find(|c| c.name == name) {
        Some(c) => c.after_nodes,
        // amazon-cloudwatch-observability runs a controller Deployment;
        // eks-pod-identity-agent is a DaemonSet.
        None => name == "amazon-cloudwatch-observability",
    }
}

/// The add-on a managed add-on's name stands for (doctor reads installed ones).
pub fn from_managed(name: &str) -> Option<Addon> {
    PROFILES
        .iter()
        .find(|p| p.managed == Some(name))
        .map(|p| p.addon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_addon_has_one_profile_in_order() {
        let order: Vec<Addon> = PROFILES.iter().map(|p| p.addon).collect();
        assert_eq!(order, Addon::ALL);
        for a in Addon::ALL {
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.as_str()));
        }
    }

    #[test]
    fn endpoints_are_sorted_and_managed_names_map_back() {
        for p in PROFILES {
            assert!(p.endpoints.windows(2).all(|w| w[0] < w[1]), "{}", p.key);
            if let Some(m) = p.managed {
                assert_eq!(from_managed(m), Some(p.addon));
            }
        }
        assert!(is_core("coredns") && !is_core("eks-pod-identity-agent"));
        for p in PROFILES {
            // Either an EKS managed add-on installs it, or it says how to.
            assert_eq!(p.managed.is_none(), !p.install.is_empty(), "{}", p.key);
        }
        assert!(managed_after_nodes("coredns") && !managed_after_nodes("vpc-cni"));
    }
}
