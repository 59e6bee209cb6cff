//! The sources an explanation cites, as short keys printed inline (`[eks-vpc]`)
//! and listed with their full titles at the end.
//!
//! One table, so the same document is cited the same way everywhere and a
//! test can check that every cited key is listed. Titles are as the documents
//! name themselves; the two seed articles are the AWS blog on worker-node
//! networking and the 2020 write-up of the managed node group public-IP
//! change (both read in Japanese).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ref {
    /// EKS user guide: VPC and subnet requirements.
    EksVpc,
    /// EKS user guide: cluster API server endpoint.
    EksEndpoint,
    /// EKS user guide: private clusters.
    EksPrivate,
    /// EKS user guide: creating a VPC (and AWS's VPC templates it links).
    EksCreateVpc,
    /// AWS's EKS VPC CloudFormation templates (2020 and later).
    AwsTemplates,
    /// Seed: De-mystifying cluster networking for Amazon EKS worker nodes.
    SeedNetworking,
    /// Seed: the 2020-04 change to managed node groups' public IPs.
    SeedPublicIp,
    /// eksctl's VPC networking documentation.
    Eksctl,
    /// Amazon VPC user guide: NAT gateways.
    VpcNat,
    /// terraform-aws-eks issue 2149 (restricted public endpoint, nodes via NAT).
    TfEks2149,
    /// Karpenter documentation: subnet discovery.
    Karpenter,
    /// Amazon VPC and AWS PrivateLink pricing pages.
    Pricing,
}

impl Ref {
    pub const ALL: [Ref; 12] = [
        Ref::EksVpc,
        Ref::EksEndpoint,
        Ref::EksPrivate,
        Ref::EksCreateVpc,
        Ref::AwsTemplates,
        Ref::SeedNetworking,
        Ref::SeedPublicIp,
        Ref::Eksctl,
        Ref::VpcNat,
        Ref::TfEks2149,
        Ref::Karpenter,
        Ref::Pricing,
    ];

    /// The short key printed inline.
    pub fn key(self) -> &'static str {
        match self {
            Ref::EksVpc => "eks-vpc",
            Ref::EksEndpoint => "eks-endpoint",
            Ref::EksPrivate => "eks-private",
            Ref::EksCreateVpc => "eks-create-vpc",
            Ref::AwsTemplates => "aws-templates",
            Ref::SeedNetworking => "blog-networking",
            Ref::SeedPublicIp => "blog-public-ip-2020",
            Ref::Eksctl => "eksctl",
            Ref::VpcNat => "vpc-nat",
            Ref::TfEks2149 => "tf-eks-2149",
            Ref::Karpenter => "karpenter",
            Ref::Pricing => "pricing",
        }
    }

    /// The full reference.
    pub fn title(self) -> &'static str {
        match self {
            Ref::EksVpc => "Amazon EKS user guide, \"VPC and subnet requirements\" (docs.aws.amazon.com/eks/latest/userguide/network-reqs.html)",
            Ref::EksEndpoint => "Amazon EKS user guide, \"Cluster API server endpoint\" (docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html)",
            Ref::EksPrivate => "Amazon EKS user guide, \"Deploy private clusters with limited internet access\" (docs.aws.amazon.com/eks/latest/userguide/private-clusters.html)",
            Ref::EksCreateVpc => "Amazon EKS user guide, \"Create an Amazon VPC for your Amazon EKS cluster\" (docs.aws.amazon.com/eks/latest/userguide/creating-a-vpc.html)",
            Ref::AwsTemplates => "AWS's Amazon EKS VPC CloudFormation templates (public and private subnets, 2020 and later)",
            Ref::SeedNetworking => "AWS Containers blog, \"De-mystifying cluster networking for Amazon EKS worker nodes\"",
            Ref::SeedPublicIp => "Managed node groups follow the subnet's MapPublicIpOnLaunch since 2020-04-22 (AWS announcement \"Amazon EKS managed node groups allow fully private cluster networking\"; a Japanese write-up of the change, 2020-04-23; aws/containers-roadmap issue 607)",
            Ref::Eksctl => "eksctl documentation, VPC networking (eksctl's default VPC: public and private subnets)",
            Ref::VpcNat => "Amazon VPC user guide, \"NAT gateways\"",
            Ref::TfEks2149 => "terraform-aws-modules/terraform-aws-eks issue 2149 (nodes cannot join when the public endpoint excludes the NAT addresses)",
            Ref::Karpenter => "Karpenter documentation, EC2NodeClass subnetSelectorTerms (karpenter.sh/discovery)",
            Ref::Pricing => "Amazon VPC pricing (NAT gateways; public IPv4 addresses since 2024-02-01) and AWS PrivateLink pricing",
        }
    }
}

/// `[a, b]` for inline use.
pub fn inline(refs: &[Ref]) -> String {
    let keys: Vec<&str> = refs.iter().map(|r| r.key()).collect();
    format!("[{}]", keys.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_all_is_complete() {
        let mut keys: Vec<&str> = Ref::ALL.iter().map(|r| r.key()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), Ref::ALL.len());
        let mut all = Ref::ALL.to_vec();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), Ref::ALL.len());
    }
}
