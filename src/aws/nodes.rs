//! How a managed node is launched: its root volume and its instance
//! metadata service (IMDS) settings.
//!
//! eksctl gives every managed node group a launch template of its own, so
//! an eksctl node boots with an 80 GiB gp3 root volume, IMDSv2 required and
//! a hop limit of 2. A node group created by CloudFormation or Terraform
//! without a launch template gets EKS's defaults instead: a 20 GiB disk and
//! EKS's own metadata settings. eksnet writes eksctl's values into every
//! format, so the three deploy the same nodes.
//!
//! Sources (read 2026-12): eksctl v0.230.0 `pkg/apis/eksctl.io/v1alpha5`
//! (`DefaultNodeVolumeSize = 80`, `DefaultNodeVolumeType = gp3`,
//! `disableIMDSv1` default true, `disablePodIMDS` default false) and
//! `makeMetadataOptions` in `pkg/cfn/builder/nodegroup.go` (HttpTokens
//! `required`, HttpPutResponseHopLimit 2 unless pods are kept off IMDS);
//! the eksctl ClusterConfig schema (`ManagedNodeGroup.volumeSize` default
//! 80, `volumeType` gp3, `disableIMDSv1` true); EKS API `CreateNodegroup`
//! (`diskSize` defaults to 20 GiB and must be left out with a launch
//! template); the EKS user guide's Amazon Linux 2023 page (AL2023 AMIs boot
//! from `/dev/xvda`; a hop limit of 1 keeps containers from IMDS).

/// What a node's launch template sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeLaunch {
    /// The root device of every Amazon Linux 2023 EKS AMI (`aws::ami`'s
    /// AMI types are all AL2023), where the volume settings apply.
    pub root_device: &'static str,
    /// The root volume's size in GiB.
    pub root_volume_gib: u32,
    /// The root volume's EBS type.
    pub root_volume_type: &'static str,
    /// IMDSv1 refused: every metadata request needs an IMDSv2 token
    /// (HttpTokens `required`, eksctl `disableIMDSv1: true`).
    pub imds_v2_required: bool,
    /// IMDSv2 response hop limit: 2 lets pods without host networking reach
    /// IMDS through the extra hop of their network namespace (the AWS SDKs
    /// in pods that use the node role need it), as eksctl does.
    pub imds_hop_limit: u8,
}

/// eksctl's managed node group defaults, which every format writes.
pub const EKSCTL_NODE_LAUNCH: NodeLaunch = NodeLaunch {
    root_device: "/dev/xvda",
    root_volume_gib: 80,
    root_volume_type: "gp3",
    imds_v2_required: true,
    imds_hop_limit: 2,
};

impl NodeLaunch {
    /// The EC2 `HttpTokens` value: `required` refuses IMDSv1.
    pub fn http_tokens(&self) -> &'static str {
        if self.imds_v2_required {
            "required"
        } else {
            "optional"
        }
    }
}

/// What a node's launch template tags as the node launches: the instance,
/// its EBS volumes and its network interfaces. A managed node group's own
/// tags stay on the node group (EKS `CreateNodegroup`: they do not
/// propagate to other resources); tag specifications in its launch template
/// reach what EC2 creates. These three are the resource types of
/// `LaunchTemplateData.TagSpecifications` a node has (EC2
/// `LaunchTemplateTagSpecificationRequest`; the fourth,
/// `spot-instances-request`, is no managed node's), the ones eksctl's
/// `makeTags` (`pkg/cfn/builder/nodegroup.go`) and terraform-aws-modules'
/// eks-managed-node-group tag.
pub const NODE_TAGGED_RESOURCES: &[&str] = &["instance", "volume", "network-interface"];

/// The AWS managed policies every node role holds (EKS user guide, "Amazon
/// EKS node IAM role"; ECR pull-only access since 2024). Add-ons add theirs.
pub const NODE_POLICIES: &[&str] = &[
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonEKS_CNI_Policy",
];
