//! The sources an explanation cites, as short keys printed inline (`[eks-vpc]`)
//! and listed with their titles, addresses and the date each was checked at
//! the end.
//!
//! One table, so the same document is cited the same way everywhere and a
//! test can check that every cited key is listed, that every address is an
//! `https://` address and that every entry says when it was checked. Titles
//! are as the documents name themselves. Where a statement rests on a
//! section of a long page, the address carries that section's anchor.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ref {
    /// EKS user guide: VPC and subnet requirements.
    EksVpc,
    /// EKS user guide: subnet requirements for nodes (the 2020 public IP change).
    EksNodeSubnets,
    /// EKS user guide: cluster API server endpoint.
    EksEndpoint,
    /// EKS user guide: the endpoint access table (restricted public CIDRs).
    EksEndpointAccess,
    /// EKS user guide: private clusters.
    EksPrivate,
    /// EKS user guide: creating a VPC (and AWS's VPC templates it links).
    EksCreateVpc,
    /// EKS user guide: troubleshooting.
    EksTroubleshooting,
    /// EKS user guide: IPv6 clusters.
    EksIpv6,
    /// AWS's EKS VPC CloudFormation template with public and private subnets.
    AwsTemplates,
    /// AWS Containers blog: De-mystifying cluster networking for Amazon EKS worker nodes.
    BlogNetworking,
    /// aws/containers-roadmap issue 607: the 2020 change to managed node groups' public IPs.
    Roadmap607,
    /// eksctl's VPC networking documentation.
    Eksctl,
    /// Amazon ECR user guide: interface VPC endpoints (and the S3 gateway endpoint).
    EcrEndpoints,
    /// Amazon VPC user guide: NAT gateways.
    VpcNat,
    /// Amazon VPC user guide: regional NAT gateways.
    VpcRegionalNat,
    /// Karpenter documentation: EC2NodeClass subnet discovery.
    Karpenter,
    /// Amazon VPC pricing (NAT gateways, public IPv4 addresses).
    VpcPricing,
    /// AWS PrivateLink pricing (interface endpoints).
    PrivateLinkPricing,
    /// Amazon EKS pricing (control plane, standard and extended support).
    EksPricing,
    /// EKS user guide: custom networking (pods in alternate subnets).
    EksCustomNetworking,
    /// EKS user guide: subnet selection for pod IP addresses (enhanced subnet discovery).
    EksSubnetSelection,
    /// EKS user guide: prefix delegation.
    EksPrefixDelegation,
    /// EKS user guide: the custom networking tutorial (a managed node group
    /// without an AMI of its own gets max pods from EKS).
    EksCustomNetworkingTutorial,
    /// eksctl's table of the add-ons it creates before node groups.
    EksctlAddonOrder,
}

impl Ref {
    pub const ALL: [Ref; 24] = [
        Ref::EksVpc,
        Ref::EksNodeSubnets,
        Ref::EksEndpoint,
        Ref::EksEndpointAccess,
        Ref::EksPrivate,
        Ref::EksCreateVpc,
        Ref::EksTroubleshooting,
        Ref::EksIpv6,
        Ref::AwsTemplates,
        Ref::BlogNetworking,
        Ref::Roadmap607,
        Ref::Eksctl,
        Ref::EcrEndpoints,
        Ref::VpcNat,
        Ref::VpcRegionalNat,
        Ref::Karpenter,
        Ref::VpcPricing,
        Ref::PrivateLinkPricing,
        Ref::EksPricing,
        Ref::EksCustomNetworking,
        Ref::EksSubnetSelection,
        Ref::EksPrefixDelegation,
        Ref::EksCustomNetworkingTutorial,
        Ref::EksctlAddonOrder,
    ];

    /// The short key printed inline.
    pub fn key(self) -> &'static str {
        self.entry().0
    }

    /// The document's title, as it names itself.
    pub fn title(self) -> &'static str {
        self.entry().1
    }

    /// The primary page, with the section's anchor where one section is meant.
    pub fn url(self) -> &'static str {
        self.entry().2
    }

    /// When eksnet last checked the page against what it says (YYYY-MM-DD).
    pub fn checked(self) -> &'static str {
        CHECKED
    }

    /// Title, address and date in one line of text.
    pub fn citation(self) -> String {
        format!(
            "{} <{}> (checked {})",
            self.title(),
            self.url(),
            self.checked()
        )
    }

    fn entry(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Ref::EksVpc => ("eks-vpc", "Amazon EKS user guide, \"View Amazon EKS networking requirements for VPC and subnets\"", "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#network-requirements-vpc"),
            Ref::EksNodeSubnets => ("eks-node-subnets", "Amazon EKS user guide, \"View Amazon EKS networking requirements for VPC and subnets\", subnet requirements for nodes", "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#node-subnet-reqs"),
            Ref::EksEndpoint => ("eks-endpoint", "Amazon EKS user guide, \"Cluster API server endpoint\", cluster private endpoint", "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html#cluster-endpoint-private"),
            Ref::EksEndpointAccess => ("eks-endpoint-access", "Amazon EKS user guide, \"Cluster API server endpoint\", modifying cluster endpoint access (the access table)", "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html#modify-endpoint-access"),
            Ref::EksPrivate => ("eks-private", "Amazon EKS user guide, \"Deploy private clusters with limited internet access\"", "https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html"),
            Ref::EksCreateVpc => ("eks-create-vpc", "Amazon EKS user guide, \"Create an Amazon VPC for your Amazon EKS cluster\"", "https://docs.aws.amazon.com/eks/latest/userguide/creating-a-vpc.html"),
            Ref::EksTroubleshooting => ("eks-troubleshooting", "Amazon EKS user guide, \"Troubleshoot problems with Amazon EKS clusters and nodes\"", "https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html"),
            Ref::EksIpv6 => ("eks-ipv6", "Amazon EKS user guide, \"Learn about IPv6 addresses to clusters, Pods, and services\"", "https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html"),
            Ref::AwsTemplates => ("aws-templates", "AWS's Amazon EKS VPC template with public and private subnets (amazon-eks-vpc-private-subnets.yaml, 2020-10-29), linked from the EKS user guide", "https://s3.us-west-2.amazonaws.com/amazon-eks/cloudformation/2020-10-29/amazon-eks-vpc-private-subnets.yaml"),
            Ref::BlogNetworking => ("blog-networking", "AWS Containers blog, \"De-mystifying cluster networking for Amazon EKS worker nodes\"", "https://aws.amazon.com/blogs/containers/de-mystifying-cluster-networking-for-amazon-eks-worker-nodes/"),
            Ref::Roadmap607 => ("containers-roadmap-607", "aws/containers-roadmap issue 607, \"Remove requirement of public IPs on EKS managed worker nodes\" (the 2020-04-22 change)", "https://github.com/aws/containers-roadmap/issues/607"),
            Ref::Eksctl => ("eksctl", "eksctl documentation, \"VPC Networking\"", "https://eksctl.io/usage/vpc-networking/"),
            Ref::EcrEndpoints => ("ecr-endpoints", "Amazon ECR user guide, \"Amazon ECR interface VPC endpoints (AWS PrivateLink)\"", "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"),
            Ref::VpcNat => ("vpc-nat", "Amazon VPC user guide, \"NAT gateways\"", "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html"),
            Ref::VpcRegionalNat => ("vpc-regional-nat", "Amazon VPC user guide, \"Regional NAT gateways for automatic multi-AZ expansion\"", "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html"),
            Ref::Karpenter => ("karpenter", "Karpenter documentation, \"NodeClasses\" (subnetSelectorTerms)", "https://karpenter.sh/docs/concepts/nodeclasses/"),
            Ref::VpcPricing => ("vpc-pricing", "Amazon VPC pricing (NAT gateways; public IPv4 addresses, charged since 2024-02-01)", "https://aws.amazon.com/vpc/pricing/"),
            Ref::PrivateLinkPricing => ("privatelink-pricing", "AWS PrivateLink pricing (interface endpoints)", "https://aws.amazon.com/privatelink/pricing/"),
            Ref::EksPricing => ("eks-pricing", "Amazon EKS pricing (per cluster-hour, standard and extended support)", "https://aws.amazon.com/eks/pricing/"),
            Ref::EksCustomNetworking => ("eks-custom-networking", "Amazon EKS user guide, \"Deploy Pods in alternate subnets with custom networking\"", "https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html"),
            Ref::EksSubnetSelection => ("eks-subnet-selection", "Amazon EKS user guide, \"Configure subnet selection for Pod IP addresses\" (enhanced subnet discovery)", "https://docs.aws.amazon.com/eks/latest/userguide/cni-subnet-selection.html"),
            Ref::EksPrefixDelegation => ("eks-prefix-delegation", "Amazon EKS user guide, \"Assign more IP addresses to Amazon EKS nodes with prefixes\"", "https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html"),
            Ref::EksCustomNetworkingTutorial => ("eks-custom-networking-tutorial", "Amazon EKS user guide, \"Customize the secondary network interface in Amazon EKS nodes\" (the custom networking tutorial; node groups without an AMI ID of their own)", "https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html"),
            Ref::EksctlAddonOrder => ("eksctl-addon-order", "eksctl v0.230.0 source, pkg/apis/eksctl.io/v1alpha5/known_addons.go (vpc-cni, kube-proxy, coredns and eks-pod-identity-agent: CreateBeforeNodeGroup)", "https://github.com/eksctl-io/eksctl/blob/v0.230.0/pkg/apis/eksctl.io/v1alpha5/known_addons.go"),
        }
    }
}

/// The day every source above was last read against what eksnet says.
const CHECKED: &str = "2026-12-06";

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

    #[test]
    fn every_source_is_an_https_address_with_a_date() {
        for r in Ref::ALL {
            let url = r.url();
            assert!(url.starts_with("https://"), "{}: {url}", r.key());
            assert!(
                !url.contains(' ') && url.len() > "https://a.b/".len(),
                "{}: {url}",
                r.key()
            );
            let d = r.checked();
            let digits = d.bytes().filter(u8::is_ascii_digit).count();
            assert!(
                d.len() == 10 && digits == 8 && &d[4..5] == "-" && &d[7..8] == "-",
                "{}: {d}",
                r.key()
            );
            assert!(!r.title().is_empty(), "{}", r.key());
        }
    }
}
