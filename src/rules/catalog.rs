//! Every rule eksnet checks, with a stable code.
//!
//! Codes never change meaning once released: CI logs and suppressions hold
//! them. `S` codes are about the spec document, `E`/`W`/`N` codes about the
//! network (error, warning, note). `eksnet rules` prints this table and
//! `eksnet explain CODE` one entry.

use serde::{Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub explanation: &'static str,
    pub fix: &'static str,
    /// Where the rule comes from.
    pub source: &'static str,
}

use Severity::{Error as E, Note as N, Warning as W};

/// Defines `Code`, one variant per rule, and `RULES`, the table in the
/// same order: a code that is not in the catalog does not compile.
macro_rules! catalog {
    ($($code:ident => $severity:ident, $title:expr, $explanation:expr, $fix:expr, $source:expr;)*) => {
        /// A rule's code, e.g. `Code::E060`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($code,)*
        }

        impl Code {
            /// Every code, in catalog order.
            pub const ALL: &[Code] = &[$(Code::$code,)*];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }
        }

        /// Sorted by code, in the order of `Code`.
        pub const RULES: &[Rule] = &[
            $(Rule {
                code: stringify!($code),
                severity: $severity,
                title: $title,
                explanation: $explanation,
                fix: $fix,
                source: $source,
            },)*
        ];
    };
}

const VPC_GUIDE: &str = "EKS user guide: VPC and subnet requirements (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html)";
const ENDPOINT_GUIDE: &str = "EKS user guide: Cluster API server endpoint (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html)";
const PRIVATE_GUIDE: &str = "EKS user guide: Deploy private clusters with limited internet access (https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html)";
const SEED_NETWORKING: &str = "AWS Containers blog: De-mystifying cluster networking for Amazon EKS worker nodes (https://aws.amazon.com/blogs/containers/de-mystifying-cluster-networking-for-amazon-eks-worker-nodes/)";
const IPV6_GUIDE: &str = "EKS user guide: Learn about IPv6 addresses to clusters, Pods, and services (https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html)";
const IPV6_API: &str = "EKS API reference: KubernetesNetworkConfigRequest, ipFamily and serviceIpv4Cidr (https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html)";
/// Where the 2020 change to managed node groups' public IPs is written down.
const PUBLIC_IP_2020: &str = "EKS user guide: VPC and subnet requirements, subnet requirements for nodes (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#node-subnet-reqs); aws/containers-roadmap issue 607 (https://github.com/aws/containers-roadmap/issues/607)";

const TGW_ATTACHMENTS: &str = "Amazon VPC attachments in AWS Transit Gateway (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html)";
const CUSTOM_NETWORKING_GUIDE: &str = "EKS user guide: Deploy Pods in alternate subnets with custom networking (https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html)";
const VPC_CIDR_RESTRICTIONS: &str = "Amazon VPC user guide: VPC CIDR blocks, IPv4 CIDR block association restrictions (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html#add-cidr-block-restrictions)";
const PREFIX_GUIDE: &str = "EKS user guide: Assign more IP addresses to Amazon EKS nodes with prefixes (https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html)";

// Sorted by code.
catalog! {
    E001 => E, "unsupported apiVersion or kind",
        "eksnet reads specs of apiVersion eksnet/v1alpha1 and kind ClusterNetwork; the subnet placement algorithm is frozen per apiVersion.",
        "set `apiVersion: eksnet/v1alpha1` and `kind: ClusterNetwork`", "eksnet";
    E002 => E, "invalid cluster name",
        "An EKS cluster name starts with a letter or digit, holds only letters, digits, hyphens and underscores, and is at most 100 characters long.",
        "rename the cluster, e.g. `my-cluster`", "EKS API reference: CreateCluster (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html)";
    E003 => E, "unknown region",
        "eksnet knows the zones and PrivateLink services of each region it supports; this region is not in its table.",
        "use a region code such as `us-west-2`; `eksnet explain E003` lists them", "Amazon EC2 user guide: Regions and Zones (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html)";
    E004 => E, "wrong number of availability zones",
        "An EKS cluster needs subnets in at least two AZs; no region has more than six, and eksnet plans one subnet per AZ and tier.",
        "list 2 to 6 AZs in `vpc.availabilityZones`", VPC_GUIDE;
    E005 => E, "availability zone not in the region",
        "Every AZ must be a zone name (us-west-2a) or AZ ID (usw2-az1) of the spec's region.",
        "pick zones of the region; `eksnet explain E005` lists them", "Amazon EC2 user guide: Regions and Zones (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html)";
    E006 => E, "availability zone listed twice",
        "Each AZ holds one subnet per tier; naming an AZ twice would put two subnets of a tier in it and leave the cluster in fewer AZs than it seems.",
        "list each AZ once", VPC_GUIDE;
    E007 => E, "availability zone EKS does not support",
        "EKS does not create clusters in the AZ IDs use1-az3, usw1-az2 and cac1-az3.",
        "choose another AZ ID", VPC_GUIDE;
    E008 => E, "AZ names and AZ IDs mixed",
        "Subnets are placed either by AZ name or by AZ ID; the two map differently in each account, so a list must use one form.",
        "write every AZ as a name (us-west-2a) or every AZ as an ID (usw2-az1)", "AWS RAM user guide: AZ IDs (https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html)";
    E009 => E, "AZ names that always include an AZ ID EKS refuses",
        "EKS refuses subnets in the AZ IDs use1-az3 and usw1-az2. In us-east-1 and us-west-1 AZ names map to AZ IDs per account, but all of a region's names together cover every AZ ID an account has: all six names of us-east-1 include use1-az3, and of us-west-1's three names an account has only two, so one of them is usw1-az2 or does not exist.",
        "list at most five AZs, as AZ IDs other than the refused ones (e.g. use1-az1, use1-az2, use1-az4)", VPC_GUIDE;
    E010 => E, "invalid CIDR",
        "The value is not an IPv4 CIDR block such as 10.0.0.0/16 (IPv6 CIDRs are taken only in `endpointAccess.publicCidrs` of an `ipFamily: ipv6` cluster; an IPv6 VPC's block is Amazon-provided).",
        "write an IPv4 network address and prefix length, e.g. 10.0.0.0/16", "eksnet";
    E011 => E, "VPC CIDR size out of range",
        "An AWS VPC's IPv4 CIDR is between /16 and /28.",
        "use a prefix length from 16 to 28; /16 to /20 leaves room for pods", "Amazon VPC user guide: VPC CIDR blocks (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)";
    E012 => E, "subnets overlap",
        "Two subnets of one VPC cannot share addresses.",
        "change one of the CIDRs so they do not overlap", "Amazon VPC user guide: subnet CIDR blocks (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html)";
    E013 => E, "subnet outside the VPC",
        "A subnet's CIDR must lie inside the VPC's CIDR.",
        "choose a subnet CIDR inside the VPC CIDR, or widen the VPC", "Amazon VPC user guide: subnet CIDR blocks (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html)";
    E014 => E, "subnet too small",
        "AWS subnets are /28 or larger, and AWS keeps five addresses of each.",
        "use a prefix length of 28 or less", VPC_GUIDE;
    E015 => E, "explicit subnets do not match the AZs",
        "Explicit subnet CIDRs are given in AZ order, one per AZ.",
        "give exactly one CIDR per AZ for the tier", "eksnet";
    E016 => E, "a tier has both explicit CIDRs and a prefix",
        "A tier's subnets are either listed or carved at a prefix length, not both.",
        "remove `vpc.subnets.<tier>` or `vpc.<tier>SubnetPrefix`", "eksnet";
    E017 => E, "subnets do not fit in the VPC",
        "The requested subnets need more addresses than the VPC has (or cannot be aligned in what is left).",
        "use smaller subnets (a larger prefix length) or a larger VPC", "eksnet";
    E018 => E, "subnets for a tier the architecture does not have",
        "public-only has no private subnets; private-only and fully-private have no public subnets.",
        "remove the tier's CIDRs or prefix, or choose another architecture", SEED_NETWORKING;
    E019 => E, "subnet prefix out of range",
        "A subnet prefix length must be between the VPC's prefix and 28.",
        "use a prefix length between the VPC's and 28", "Amazon VPC user guide: subnet CIDR blocks (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html)";
    E020 => E, "service CIDR outside private ranges",
        "The Kubernetes service CIDR must lie within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.",
        "use e.g. 10.100.0.0/16, or 172.20.0.0/16 when the VPC is in 10.0.0.0/8", "EKS API reference: KubernetesNetworkConfigRequest (https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html)";
    E021 => E, "service CIDR size out of range",
        "The Kubernetes service CIDR is between /24 and /12.",
        "use a prefix length from 12 to 24, e.g. /16", "EKS API reference: KubernetesNetworkConfigRequest (https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html)";
    E022 => E, "service CIDR overlaps the VPC",
        "Service IPs must not overlap addresses reachable from the VPC, or pods cannot tell services from hosts.",
        "move the service CIDR, e.g. to 10.100.0.0/16 or 172.20.0.0/16", "EKS API reference: KubernetesNetworkConfigRequest (https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html)";
    W023 => W, "VPC overlaps 172.17.0.0/16",
        "The EKS troubleshooting guide warns that Docker runs in 172.17.0.0/16 and asks that VPC subnets not overlap it; otherwise kubectl exec and logs can fail with `error dialing backend: dial tcp 172.17.x.x:10250: getsockopt: no route to host`.",
        "prefer a VPC CIDR outside 172.17.0.0/16", "EKS user guide: Troubleshooting, getsockopt: no route to host (https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html#troubleshoot-docker-cidr)";
    E024 => E, "unsupported Kubernetes version",
        "EKS supports a window of Kubernetes versions (standard and extended support).",
        "use a supported version; `eksnet explain E024` lists them", "EKS user guide: Kubernetes version lifecycle (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)";
    W025 => W, "Kubernetes version in extended support",
        "Standard support for this version has ended: EKS keeps running it in extended support, at a higher price per cluster-hour, until extended support ends too and EKS upgrades the cluster itself.",
        "use a version in standard support; `eksnet explain E024` lists them with their dates", "EKS user guide: Kubernetes version lifecycle (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html); Amazon EKS pricing (https://aws.amazon.com/eks/pricing/)";
    E026 => E, "VPC CIDR in a range a VPC cannot use",
        "Loopback (127.0.0.0/8), \"this network\" (0.0.0.0/8), link-local (169.254.0.0/16, where the instance metadata service and the VPC resolver's link-local addresses live), multicast (224.0.0.0/4) and reserved (240.0.0.0/4) addresses cannot be a VPC's: AWS refuses them or the nodes cannot use them.",
        "use an RFC 1918 range such as 10.0.0.0/16 or 192.168.0.0/16 (or 100.64.0.0/10)", "Amazon VPC user guide: VPC CIDR blocks (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)";
    E030 => E, "both endpoint accesses off",
        "With public and private access both off nothing can reach the cluster API, nodes included.",
        "turn on `endpointAccess.private` (and `public` if kubectl runs outside the VPC)", ENDPOINT_GUIDE;
    E031 => E, "public endpoint in a fully private cluster",
        "eksnet's own definition: a fully private cluster has no internet path and its API endpoint is private only (eksctl refuses clusterEndpoints in a fully private cluster too). AWS does not require it: the EKS guide calls public access optional for a VPC without internet. For private subnets with the public endpoint on, choose private-only.",
        "set `endpointAccess.public: false`, or choose private-only", "eksnet; eksctl: EKS Fully-Private Cluster (https://eksctl.io/usage/eks-private-cluster/)";
    E032 => E, "private access off without an internet path",
        "In a VPC without NAT or internet gateway routes, nodes reach the API only through the private endpoint.",
        "set `endpointAccess.private: true`", PRIVATE_GUIDE;
    W033 => W, "public endpoint open to the internet",
        "The public endpoint admits 0.0.0.0/0: anyone can reach the API server (authentication still applies).",
        "list your office or VPN CIDRs in `endpointAccess.publicCidrs`, and keep private access on for the nodes", ENDPOINT_GUIDE;
    E034 => E, "public CIDRs exclude the nodes",
        "Private access is off, so nodes use the public endpoint; their public IPs are assigned at launch and cannot be known in advance, so a restricted publicCidrs list locks them out. The EKS guide's access table: with a restricted public endpoint, enable private access or make sure the CIDRs include the addresses nodes reach the endpoint from.",
        "turn on `endpointAccess.private`, or open `publicCidrs` to 0.0.0.0/0", "EKS user guide: Cluster API server endpoint, modifying cluster endpoint access (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html#modify-endpoint-access)";
    N035 => N, "NAT addresses added to the public CIDRs",
        "Private access is off and nodes leave through NAT: the NAT gateways' Elastic IPs are added to the public endpoint's allowed CIDRs, or nodes could not join.",
        "none needed; turning on private access keeps node traffic inside the VPC", "EKS user guide: Cluster API server endpoint, modifying cluster endpoint access (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html#modify-endpoint-access)";
    E036 => E, "public CIDRs given with the public endpoint off",
        "`endpointAccess.publicCidrs` restricts the public endpoint, which is off.",
        "remove `publicCidrs`, or turn on `endpointAccess.public`", ENDPOINT_GUIDE;
    E037 => E, "too many public access CIDRs",
        "EKS accepts at most 40 CIDR blocks in the public endpoint's access list (a quota that cannot be raised); CreateCluster fails with more.",
        "merge the CIDRs into fewer, larger blocks, or reach the API through private access", "EKS user guide: Amazon EKS service quotas (https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html)";
    W038 => W, "public CIDR that is never a client's public address",
        "The public endpoint sees the public address a client connects from. Private (10/8, 172.16/12, 192.168/16), shared (100.64/10), loopback, link-local and other special-purpose ranges never are one, so the entry admits nobody; nodes inside the VPC reach the API through private access instead.",
        "remove the entry, or list the public (NAT or egress) address of that network", ENDPOINT_GUIDE;
    E040 => E, "NAT not allowed in this architecture",
        "NAT gateways exist only in public-private: public-only nodes have public IPs, and private-only and fully-private VPCs have no internet gateway for a NAT to use.",
        "set `vpc.nat: none`, or choose public-private", SEED_NETWORKING;
    E041 => E, "egress not allowed in this architecture",
        "`vpc.egress` chooses where 0.0.0.0/0 goes in a private-only VPC; other architectures decide it themselves.",
        "remove `vpc.egress`, or choose private-only", SEED_NETWORKING;
    E042 => E, "transit gateway missing or malformed",
        "`vpc.egress: transit-gateway` needs `vpc.transitGatewayId` (tgw- and 8 or 17 hex digits), and only it.",
        "set `vpc.transitGatewayId: tgw-0123456789abcdef0`, or remove it", "Amazon VPC Transit Gateways guide (https://docs.aws.amazon.com/vpc/latest/tgw/what-is-transit-gateway.html)";
    W044 => W, "NAT gateways reach the Elastic IP quota",
        "Each public NAT gateway holds one Elastic IP address, and a region's default quota is 5 Elastic IPs per account; allocating past it fails the deployment. Other VPCs of the account use the same quota.",
        "request a higher Elastic IP quota before deploying, or use a single NAT gateway (`vpc.nat: single`)", "Amazon EC2 user guide: Elastic IP address quota (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html#using-instance-addressing-limit)";
    E050 => E, "unknown PrivateLink service",
        "eksnet knows the endpoint type and service name of each service in its catalog; this one is not in it.",
        "use a service from `eksnet explain E050`", PRIVATE_GUIDE;
    W051 => W, "required PrivateLink service excluded",
        "Without this endpoint and without an internet path, what it serves stops working (see the service's reason).",
        "only exclude a service your region does not offer, and provide the path another way", PRIVATE_GUIDE;
    W052 => W, "excluded service is not in the required set",
        "`privateLinkExclude` removes services from the architecture's required set; this one was not in it.",
        "remove it from `privateLinkExclude`", "eksnet";
    E053 => E, "PrivateLink service not offered in the region",
        "EKS's own PrivateLink endpoint (eks) is not offered in every region.",
        "remove it from `privateLink`", PRIVATE_GUIDE;
    E060 => E, "nodes in a public subnet without public IPs",
        "A managed node group deployed to a public subnet on or after April 22, 2020 needs the subnet to auto-assign public IPv4 addresses (MapPublicIpOnLaunch). Without it EKS refuses to create the node group: `Ec2SubnetInvalidConfiguration: One or more Amazon EC2 Subnets of [...] for node group ... does not automatically assign public IP addresses to instances launched into it.` Self-managed nodes launched there get no public IP and cannot reach the public endpoint.",
        "turn on MapPublicIpOnLaunch on the subnet (aws ec2 modify-subnet-attribute --map-public-ip-on-launch)", PUBLIC_IP_2020;
    E061 => E, "nodes cannot reach the cluster API",
        "A node's kubelet must reach the API endpoint to register; without a path, nodes never join (NodeCreationFailure).",
        "turn on private access, or give the subnet a route to the internet", SEED_NETWORKING;
    E062 => E, "nodes cannot pull images",
        "Nodes pull the pause, VPC CNI and kube-proxy images from ECR at boot; without a path to ECR and S3 (where ECR keeps image layers) image pulls time out and the nodes never become Ready.",
        "add ecr.api, ecr.dkr (Interface) and s3 (Gateway) endpoints, or a route to the internet", "EKS user guide: Deploy private clusters with limited internet access (https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html); Amazon ECR user guide: interface VPC endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html)";
    W063 => W, "pods cannot get AWS credentials",
        "IAM roles for service accounts (IRSA) get credentials from STS; with EKS Pod Identity (the `pod-identity` add-on, or an installed eks-pod-identity-agent) pods get them from eks-auth. Without a path, pods that call AWS (controllers, CSI drivers, your workloads) fail.",
        "add the sts endpoint (and eks-auth with Pod Identity), or a route to the internet", PRIVATE_GUIDE;
    W064 => W, "node subnets may run out of addresses",
        "With the VPC CNI every pod takes a subnet address (with prefix delegation, whole /28s); at maxSize the nodes of one subnet, with the six addresses EKS needs in a cluster subnet, could need more addresses than it has. With subnet discovery the AZ's pod subnet adds to the node subnet's.",
        "use larger private subnets (e.g. `vpc.privateSubnetPrefix: 19`) or fewer, larger nodes", "EKS user guide: Maximum pods (https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html#determine-max-pods)";
    E065 => E, "cluster subnet has too few free addresses",
        "EKS needs at least 6 free addresses (16 recommended) in each cluster subnet for its network interfaces.",
        "use larger subnets", VPC_GUIDE;
    E066 => E, "cluster subnets in fewer than two AZs",
        "An EKS cluster needs subnets in at least two different AZs.",
        "place the cluster's subnets in two or more AZs", VPC_GUIDE;
    N067 => N, "instance type not in eksnet's table",
        "eksnet computes pod capacity from a table of common instance types' ENI limits; for others it assumes 110 pods per node.",
        "none needed; the capacity check is conservative", "EKS user guide: Maximum pods (https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html#determine-max-pods)";
    E068 => E, "node group sizes inconsistent",
        "A node group needs minSize ≤ desiredSize ≤ maxSize and maxSize ≥ 1.",
        "adjust `nodeGroup` sizes", "EKS API reference: NodegroupScalingConfig (https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html)";
    E069 => E, "invalid instance type",
        "Instance types look like `m6i.large`: a family and a size separated by a dot; a node group has 1 to 20.",
        "write instance types as family.size", "EKS API reference: CreateNodegroup (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html)";
    E070 => E, "derived name too long",
        "eksnet derives resource names from the cluster name; the node group name is at most 63 characters and the CloudFormation stack name at most 128.",
        "shorten the cluster name", "EKS API reference: CreateNodegroup (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html)";
    E071 => E, "invalid tag",
        "Tag keys are 1 to 128 characters and may not start with `aws:`; values are at most 256 characters; keys and values hold only letters, digits, spaces and `_ . : / = + - @`; a resource holds at most 50 tags.",
        "shorten or rename the tag", "Tagging AWS resources: tag naming limits and requirements (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions)";
    E072 => E, "VPC DNS support or DNS hostnames off",
        "The EKS guide requires DNS hostnames and DNS resolution in the VPC, or nodes cannot register with the cluster. With private access on it matters twice: the private endpoint's name lives in an EKS-managed private hosted zone that resolves only with both attributes on.",
        "turn both VPC DNS attributes on (aws ec2 modify-vpc-attribute)", "EKS user guide: VPC and subnet requirements (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#network-requirements-vpc); Cluster API server endpoint (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html#cluster-endpoint-private)";
    E073 => E, "invalid principal ARN",
        "Access entries take IAM user or role ARNs: arn:<partition>:iam::<account>:role/<name> or :user/<name>.",
        "write the full ARN", "EKS user guide: access entries (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html)";
    W074 => W, "public subnet without auto-assign public IP",
        "This public subnet has MapPublicIpOnLaunch off: EKS refuses a managed node group placed in it later (Ec2SubnetInvalidConfiguration, since April 22, 2020), and nothing launched in it gets a public IP.",
        "turn on MapPublicIpOnLaunch (aws ec2 modify-subnet-attribute --map-public-ip-on-launch)", PUBLIC_IP_2020;
    W075 => W, "node subnet nearly full",
        "With the VPC CNI every pod takes a subnet address; a node subnet with under a tenth of its addresses (or under 16) free will soon fail to launch nodes or schedule pods.",
        "free addresses, add a larger subnet for the nodes, or give the VPC a secondary CIDR for pods (VPC CNI custom networking)", VPC_GUIDE;
    E076 => E, "node subnet full",
        "AWS reports no free address in this node subnet: new nodes get no network interface and never join.",
        "free addresses, or place the node group in another subnet", VPC_GUIDE;
    W077 => W, "no subnet tagged for load balancers",
        "Load balancer controllers choose subnets by role tag: kubernetes.io/role/elb (public, internet-facing) and kubernetes.io/role/internal-elb (private, internal), value 1 or empty.",
        "tag the subnets (aws ec2 create-tags --resources SUBNET-IDS --tags Key=kubernetes.io/role/elb,Value=1)", "EKS user guide: subnet requirements for nodes, load balancer tags (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#node-subnet-reqs)";
    W078 => W, "DHCP options without AmazonProvidedDNS",
        "The EKS guide asks that the VPC's DHCP options include AmazonProvidedDNS in their domain name servers: the private endpoint's EKS-managed private hosted zone is served through it, and without a private DNS name a node's kubelet logs `node \"\" not found` and the node never joins.",
        "include AmazonProvidedDNS in the DHCP options, or forward the cluster's domain to the VPC resolver", "EKS user guide: Cluster API server endpoint (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html#cluster-endpoint-private); Troubleshooting, nodes fail to join cluster (https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html#worker-node-fail)";
    W079 => W, "interface endpoint without private DNS",
        "Without private DNS the service's usual name still resolves to its public address: nodes do not use the endpoint and need an internet path.",
        "turn on private DNS (aws ec2 modify-vpc-endpoint --vpc-endpoint-id VPCE-ID --private-dns-enabled)", PRIVATE_GUIDE;
    W080 => W, "endpoint security group does not admit the nodes",
        "Interface endpoints take TCP 443 only from what their security groups admit; with private DNS on, nodes whose traffic is dropped there cannot fall back to the internet.",
        "admit TCP 443 from the node subnets (aws ec2 authorize-security-group-ingress --group-id SG-ID --protocol tcp --port 443 --cidr CIDR)", PRIVATE_GUIDE;
    W081 => W, "S3 gateway endpoint not on a node route table",
        "A gateway endpoint serves only the route tables it is added to; image layers from ECR come from S3, so nodes on other route tables need an internet path (and pay for NAT).",
        "add the route table (aws ec2 modify-vpc-endpoint --vpc-endpoint-id VPCE-ID --add-route-table-ids RTB-ID)", "Amazon ECR user guide: interface VPC endpoints (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html)";
    E082 => E, "network ACL blocks node traffic",
        "Network ACLs are stateless and apply after the routes: a node subnet's ACL must allow outbound TCP 443 and inbound TCP on the ephemeral ports (1024-65535) for the replies, or nodes reach neither the API nor ECR.",
        "add allow entries before the denying one (aws ec2 create-network-acl-entry)", "Amazon VPC user guide: network ACLs (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html)";
    N083 => N, "not checked",
        "An optional input was not collected, so eksnet assumed what AWS defaults to and did not check it.",
        "collect the file with the script in docs/doctor.md", "eksnet";
    E084 => E, "instance types need different AMIs",
        "A managed node group boots one AMI type. x86_64 and Graviton (arm64) instance types cannot share one, nor can NVIDIA and Neuron (Inferentia, Trainium) types: EKS refuses the node group.",
        "use instance types of one architecture and one accelerator kind per node group", "EKS API reference: Nodegroup amiType (https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html)";
    E085 => E, "admin principal listed twice",
        "Each principal gets one access entry; CloudFormation would create two access entries for the same principal and the stack fails.",
        "list each principal ARN once", "EKS user guide: access entries (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html)";
    E086 => E, "tag keys that differ only in case",
        "The cluster's tags are also put on its IAM roles, and IAM tag keys are case-insensitive: two keys that differ only in case make role creation fail.",
        "keep one of the keys", "IAM user guide: tagging IAM resources (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html)";
    W087 => W, "AZ names in a region where EKS refuses some AZ IDs",
        "EKS refuses subnets in the AZ IDs use1-az3 and usw1-az2 (and cac1-az3, which no ca-central-1 AZ name maps to). In AWS's oldest regions, us-east-1 and us-west-1 among them, AZ names map to AZ IDs per account for accounts created before November 2025, so an AZ name there may be a refused AZ ID in the deploying account. us-west-1 accounts have two of its three AZ IDs: one whose pair includes usw1-az2 has a single AZ EKS accepts, too few for a cluster.",
        "list AZ IDs instead of names (use1-az1, use1-az2, use1-az4; usw1-az1, usw1-az3), or check the names' AZ IDs in the target account with `aws ec2 describe-availability-zones`", "AWS RAM user guide: AZ IDs (https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html); EKS user guide: VPC and subnet requirements (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html)";
    N088 => N, "the cluster's creator gets an access entry too",
        "EKS gives the IAM principal that creates the cluster a cluster-admin access entry (`clusterCreatorAdmin`, on by default). If that principal (the role CloudFormation, Terraform or eksctl runs as; for an assumed role, the role's ARN) is also listed in `adminPrincipalArns`, creating its access entry again fails with ResourceInUseException and the deployment rolls back.",
        "leave the deploying principal out of `adminPrincipalArns`, or keep it and set `clusterCreatorAdmin: false`", "EKS user guide: access entries (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html); EKS API reference: CreateCluster accessConfig (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html)";
    W089 => W, "no cluster admin",
        "With `clusterCreatorAdmin: false` and no `adminPrincipalArns`, no IAM principal has Kubernetes access to the new cluster: kubectl is refused until someone with IAM rights creates an access entry.",
        "list the admins in `adminPrincipalArns`, or set `clusterCreatorAdmin: true`", "EKS user guide: access entries (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html)";
    N090 => N, "interface endpoint missing from a node AZ",
        "An interface endpoint has network interfaces only in the subnets it was given. Nodes in an AZ without one reach it in another AZ: it works, but costs cross-AZ traffic and fails with that AZ. Where a service is not offered in an AZ, AWS refuses an endpoint subnet there, and eksnet's templates (which put one in every node subnet) fail to deploy: CloudFormation cannot look the AZs up first.",
        "add the endpoint to a subnet in that AZ (aws ec2 modify-vpc-endpoint --vpc-endpoint-id VPCE-ID --add-subnet-ids SUBNET-ID), or check with `aws ec2 describe-vpc-endpoint-services --service-names NAME` that the service is offered there", PRIVATE_GUIDE;
    W091 => W, "Kubernetes version newer than eksctl knows",
        "eksctl refuses a Kubernetes version its release does not know, so `eksctl create cluster -f eksctl/cluster.yaml` fails until a newer eksctl; CloudFormation and Terraform take the version as EKS offers it.",
        "use the newest version eksctl knows (`eksnet explain E024` lists them), or deploy with CloudFormation or Terraform", "eksctl releases (https://github.com/eksctl-io/eksctl/releases); EKS user guide: Kubernetes versions (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)";
    E092 => E, "excluded PrivateLink service an add-on needs",
        "An add-on in `addons` calls this service, and the node subnets have no route out: excluding its endpoint leaves the add-on unable to work (its pods crash-loop or time out) although the cluster looks healthy.",
        "remove the service from `privateLinkExclude`, or remove the add-on from `addons`", PRIVATE_GUIDE;
    E093 => E, "PrivateLink service name in China unconfirmed",
        "In the China regions some services are named `cn.com.amazonaws.<region>.<service>` and others `com.amazonaws.<region>.<service>`. For this service no source confirms which, and a wrong name fails the deployment, so eksnet does not guess.",
        "look the name up with `aws ec2 describe-vpc-endpoint-services --region REGION`, and leave the add-on out until eksnet knows it, or give the nodes a route out", "AWS PrivateLink guide: AWS services that integrate with AWS PrivateLink (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html)";
    W094 => W, "an add-on cannot reach a service it calls",
        "The add-on runs (an EKS managed add-on is installed, or the spec lists it), but the node subnets have neither a route out nor an endpoint for a service it calls, so it fails at run time: e.g. Pod Identity without eks-auth gives pods no credentials.",
        "create the interface endpoint in the node subnets with private DNS, or give the subnets a route out", PRIVATE_GUIDE;
    W095 => W, "add-on listed twice",
        "Each add-on is planned once; a repeated entry changes nothing, and often means another add-on was meant.",
        "remove the repeated entry from `addons`", "eksnet";
    N096 => N, "several endpoints for one service",
        "A VPC may hold several endpoints of one service. Nodes reach an interface endpoint by the service's name, which resolves to the endpoint whose private DNS is on; a gateway endpoint serves the route tables it is on. eksnet judges the path by the endpoint nodes use (and the route tables of all gateway endpoints); the others are on no path of the nodes (unless something addresses them by their own DNS names).",
        "nothing to do, unless an endpoint is left over: delete it (aws ec2 delete-vpc-endpoints --vpc-endpoint-ids VPCE-ID)", PRIVATE_GUIDE;
    E100 => E, "service CIDR set in an IPv6 cluster",
        "EKS assigns an IPv6 cluster's service addresses itself, from the unique local range fc00::/7, and takes no IPv4 service CIDR: `ServiceIpv4Cidr` must be left out when the IP family is ipv6 (eksctl refuses `serviceIPv4CIDR` with IPv6 too).",
        "remove `serviceIpv4Cidr` (and `--service-cidr`), or use `ipFamily: ipv4`", IPV6_API;
    E101 => E, "IPv6 cluster in a China Region",
        "EKS does not create clusters of the ipv6 IP family in the China Regions (the aws-cn partition).",
        "use `ipFamily: ipv4` in cn-north-1 and cn-northwest-1", IPV6_API;
    E102 => E, "instance type not built on Nitro in an IPv6 cluster",
        "IPv6 clusters run only on instances built on the AWS Nitro System: the VPC CNI assigns each node IPv6 prefixes, which Xen-based instance types (t2, m4, c4, r4, i3 except metal, p3 except p3dn, and older generations) cannot take.",
        "use a Nitro-based instance type (every current generation, e.g. m6i.large, t3.medium, m7g.large)", IPV6_GUIDE;
    E103 => E, "IPv6 egress through a transit gateway",
        "eksnet lays out IPv6 clusters without a transit gateway: IPv6 through one needs IPv6 support on the VPC attachment and IPv6 routes in the transit gateway's own route tables, which eksnet does not manage. An IPv6 cluster's private subnets use an egress-only internet gateway (public-private), or nothing leaves the VPC (fully-private, private-only with `egress: none`).",
        "use `ipFamily: ipv4` with the transit gateway, or `vpc.egress: none` (or another architecture) with IPv6", "eksnet";
    E104 => E, "restricted public endpoint without private access in an IPv6 cluster",
        "An IPv6 cluster's public endpoint is dual-stack, so its nodes may reach it from their own IPv6 addresses, which exist only once the subnets' /64s are assigned at deploy time; eksnet cannot add them to `publicCidrs` as it adds the NAT gateways' addresses, and nodes that are not admitted never join.",
        "turn private access on (`endpointAccess.private: true`), or admit everyone (`publicCidrs: [0.0.0.0/0, ::/0]`)", ENDPOINT_GUIDE;
    E105 => E, "node subnet without IPv6 in an IPv6 cluster",
        "An IPv6 cluster's VPC and subnets must have both IPv4 and IPv6 blocks: nodes and their pods take addresses from the subnet's IPv6 /64.",
        "associate a /64 of the VPC's IPv6 block with the subnet (aws ec2 associate-subnet-cidr-block), or move the node group to dual-stack subnets", IPV6_API;
    E106 => E, "node subnet does not assign IPv6 on creation",
        "EKS refuses a managed node group in a subnet of an IPv6 cluster that does not assign IPv6 addresses to instances launched into it (Ec2SubnetMissingIpv6Assignment): nodes need an IPv6 address of their own.",
        "turn on the subnet's AssignIpv6AddressOnCreation (aws ec2 modify-subnet-attribute --assign-ipv6-address-on-creation)", IPV6_GUIDE;
    W107 => W, "private subnet without an IPv6 default route",
        "In an IPv6 cluster pods talk IPv6: a private subnet without a ::/0 route (to an egress-only internet gateway) leaves them no way to IPv6 destinations outside the VPC, though IPv4 ones are still reached through the node's IPv4 address and NAT.",
        "route ::/0 to an egress-only internet gateway (aws ec2 create-route --destination-ipv6-cidr-block ::/0 --egress-only-internet-gateway-id EIGW-ID)", IPV6_GUIDE;
    W108 => W, "DNS64 on in an IPv6 cluster",
        "With DNS64 the VPC resolver answers IPv4-only names with synthesized 64:ff9b::/96 addresses, which lead nowhere without a NAT64 route (64:ff9b::/96 to a NAT gateway). An IPv6 cluster's pods need neither: they reach IPv4 destinations through the node's IPv4 address.",
        "turn DNS64 off (aws ec2 modify-subnet-attribute --no-enable-dns64), or route 64:ff9b::/96 to a NAT gateway", IPV6_GUIDE;
    E109 => E, "no IPv6 path to the dual-stack API endpoint",
        "An IPv6 cluster's API endpoint, public and private, is dual-stack: its name resolves to IPv6 addresses as well, and nodes, which have IPv6 addresses of their own, try IPv6 first. Where IPv6 leads nowhere (private access off, and no ::/0 route out of the node subnet or a public endpoint that does not admit the nodes' IPv6 addresses), clients wait for IPv6 to fail before they fall back to IPv4, and those that do not fall back never join. Every other path of an IPv6 cluster's nodes and pods (ECR, S3, STS) is IPv4: those services' default names answer IPv4 only, and pods reach them through the node's IPv4 address.",
        "turn on private endpoint access (the private endpoint is reached over the VPC's local IPv6 route), or route ::/0 of the node subnets to an internet gateway (public subnets) or an egress-only internet gateway (private subnets)", ENDPOINT_GUIDE;
    E119 => E, "pod network in an IPv6 cluster",
        "`podNetwork` plans IPv4 addresses for pods: a secondary IPv4 CIDR, custom networking, IPv4 prefix delegation. An IPv6 cluster's pods take IPv6 addresses from prefixes of their node's subnet, the VPC CNI runs in prefix mode already, and custom networking is not supported with IPv6.",
        "remove `podNetwork`, or use `ipFamily: ipv4`", IPV6_GUIDE;
    E120 => E, "podNetwork key without a secondary CIDR",
        "`podNetwork.mode` and `podNetwork.subnetPrefix` say how the pod subnets of the secondary CIDR are used and sized; without `podNetwork.secondaryCidr` there are none. (`prefixDelegation` alone is fine: it turns on prefix mode in the node subnets.)",
        "add `podNetwork.secondaryCidr` (e.g. 100.64.0.0/16), or remove the key", CUSTOM_NETWORKING_GUIDE;
    E121 => E, "secondary CIDR AWS cannot associate",
        "A VPC's further IPv4 CIDR blocks are /16 to /28, like its primary one, and none may lie in the \"this network\", loopback, link-local, multicast or reserved ranges.",
        "use a /16 to /28 block of 100.64.0.0/10 (e.g. 100.64.0.0/16), the range AWS recommends for pods", VPC_CIDR_RESTRICTIONS;
    E122 => E, "secondary CIDR refused with this primary CIDR",
        "AWS restricts which IPv4 blocks a VPC may add by the range of its primary CIDR (AWS services use these ranges across VPCs): no block from 198.19.0.0/16 unless the primary is in it; with a primary in an RFC 1918 range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) no block from another RFC 1918 range, with one in 10.0.0.0/15 (10.0.0.0 to 10.1.255.255) none from 10.0.0.0/16, with one in 172.16.0.0/12 none from 172.31.0.0/16; with a primary outside RFC 1918, no RFC 1918 block.",
        "use a block of 100.64.0.0/10, which every primary may add, or one from the primary's own RFC 1918 range that the table does not refuse", VPC_CIDR_RESTRICTIONS;
    E123 => E, "secondary CIDR overlaps another network",
        "Pod addresses must be unique: the secondary CIDR may not overlap the VPC's primary CIDR, nor the cluster's service CIDR, whose addresses kube-proxy rewrites, nor a network behind the transit gateway (`vpc.transitGatewayCidrs`), which the pods could then not reach.",
        "choose a secondary CIDR that overlaps none of them (a block of 100.64.0.0/10, the range AWS recommends for pods, unless the transit gateway reaches it)", CUSTOM_NETWORKING_GUIDE;
    E124 => E, "pod subnets do not fit",
        "Each node AZ gets one pod subnet of `podNetwork.subnetPrefix` (default: the largest even split of the secondary CIDR), /28 or larger, all inside the secondary CIDR.",
        "give a prefix between the secondary CIDR's and /28 that fits one subnet per AZ, or a larger secondary CIDR", CUSTOM_NETWORKING_GUIDE;
    E125 => E, "custom networking with AZ IDs",
        "With custom networking each node finds its ENIConfig by its `topology.kubernetes.io/zone` label, which holds the zone's name (us-west-2a); which name an AZ ID has differs per account, so eksnet cannot name the ENIConfigs offline.",
        "list `vpc.availabilityZones` by name, or use `podNetwork.mode: subnet-discovery`", CUSTOM_NETWORKING_GUIDE;
    W126 => W, "prefix reservation too small for the node group",
        "With prefix delegation each node takes whole /28 prefixes; eksnet reserves half of each subnet pods take prefixes from (a subnet CIDR reservation of the prefix type) so addresses scattered by nodes and load balancers cannot fragment it. At maxSize the nodes of one subnet need more /28s than its reservation holds, and prefixes from the rest of the subnet may not be contiguous.",
        "use larger subnets (or a secondary CIDR with custom networking), or fewer nodes per AZ", PREFIX_GUIDE;
    W127 => W, "pod subnets may run out of addresses",
        "With custom networking every pod takes an address of its AZ's pod subnet, and each secondary network interface one more; at maxSize the nodes of one AZ could need more than the pod subnet has.",
        "give larger pod subnets (a smaller `podNetwork.subnetPrefix`, or a larger secondary CIDR), or fewer, larger nodes", CUSTOM_NETWORKING_GUIDE;
    E128 => E, "custom networking: nodes in an AZ without a pod subnet",
        "With custom networking a node's pods get network interfaces only in the subnet of the ENIConfig it selects (with `ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone`, as eksnet configures it, the one named after its zone); in an AZ where nodes run and no ENIConfig names a subnet of that AZ, their pods get no address and stay ContainerCreating.",
        "create a pod subnet in the AZ (in the VPC's secondary CIDR) and an ENIConfig named after the zone with that subnet and the nodes' security groups, then replace the AZ's nodes", CUSTOM_NETWORKING_GUIDE;
    E129 => E, "ENIConfig names a subnet outside the VPC",
        "An ENIConfig's subnet must be a subnet of the cluster's VPC, in the zone of the nodes that select it: the VPC CNI creates the pods' network interfaces there, and an instance's interfaces are all in its own VPC.",
        "point the ENIConfig at a subnet of the VPC in its zone (kubectl patch eniconfig NAME --type merge -p '{\"spec\":{\"subnet\":\"SUBNET-ID\"}}'), then replace the nodes that use it", CUSTOM_NETWORKING_GUIDE;
    E130 => E, "the VPC overlaps a network behind the transit gateway",
        "`vpc.transitGatewayCidrs` lists the networks a private-only VPC reaches through its transit gateway (other VPCs, on-premises), and only with `vpc.egress: transit-gateway`. A transit gateway does not route between attachments whose CIDRs are identical or overlap, and inside the VPC its own local route wins: the overlapping addresses are never reached.",
        "give the VPC a CIDR that overlaps none of `vpc.transitGatewayCidrs`, or correct the list; remove it without transit-gateway egress", TGW_ATTACHMENTS;
    N131 => N, "VPC endpoint to create",
        "The first fix of broken node subnets' findings creates a VPC endpoint that the VPC does not have. One endpoint serves the whole VPC (an interface endpoint in one node subnet of each AZ behind one security group, the S3 gateway endpoint on the node route tables), so its command is said once: in the doctor's SARIF and Code Quality reports, which are read finding by finding, as this finding, its fix the command (then, as a shell comment, why that security group); in the text report under \"VPC endpoints to create\"; in the JSON as `endpointsToCreate`, which also lists the endpoints that only an alternative fix creates.",
        "run the `aws ec2 create-vpc-endpoint` command that each N131 finding gives as its fix", PRIVATE_GUIDE;
    S001 => E, "spec file unreadable",
        "The spec must be UTF-8 text, at most 1 MiB.",
        "check the path and the file's encoding", "eksnet";
    S002 => E, "spec is not valid YAML",
        "The file could not be parsed as YAML.",
        "fix the syntax at the place shown", "eksnet";
    S003 => E, "unknown key in the spec",
        "The spec accepts only the keys `eksnet schema` lists: a misspelt key would otherwise be silently ignored.",
        "remove the key or correct its spelling", "eksnet";
    S004 => E, "wrong type or value in the spec",
        "The key holds a value of the wrong type, or not one of its allowed values.",
        "use a value of the allowed type; `eksnet schema` lists them", "eksnet";
    S005 => E, "required key missing",
        "apiVersion, kind, name and region are required.",
        "add the key", "eksnet";
}

impl Code {
    /// The catalog's entry for this code.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A code is written as its text (`"E060"`) in JSON reports.
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

pub fn find(code: &str) -> Option<&'static Rule> {
    let code = code.to_ascii_uppercase();
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_finds_its_own_rule() {
        assert_eq!(Code::ALL.len(), RULES.len());
        for c in Code::ALL {
            assert_eq!(c.rule().code, c.as_str());
            assert_eq!(find(c.as_str()).map(|r| r.code), Some(c.as_str()));
        }
    }

    /// A reader can open every source: each names a page by its https
    /// address, or is eksnet's own rule.
    #[test]
    fn every_source_is_eksnet_or_an_https_address() {
        for r in RULES {
            let own = r.source == "eksnet";
            assert!(
                own || r.source.contains("(https://"),
                "{}: {}",
                r.code,
                r.source
            );
        }
    }

    #[test]
    fn codes_sorted_unique_and_severity_matches_letter() {
        let key = |r: &Rule| (r.code.starts_with('S'), &r.code[1..]);
        assert!(
            RULES.windows(2).all(|w| key(&w[0]) < key(&w[1])),
            "sorted by number"
        );
        for r in RULES {
            let expected = match &r.code[..1] {
                "E" | "S" => Severity::Error,
                "W" => Severity::Warning,
                "N" => Severity::Note,
                other => panic!("unknown letter {other}"),
            };
            assert_eq!(r.severity, expected, "{}", r.code);
            assert!(!r.fix.is_empty() && !r.explanation.is_empty(), "{}", r.code);
        }
    }
}
