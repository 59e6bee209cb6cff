// The network eksnet's built-in spec plans (public-private, one NAT gateway,
// 192.168.0.0/16; here in us-east-1 with 3 or 5 AZs), an EKS cluster in it
// and a managed node group, written with the AWS CDK so scripts/bench can
// time `cdk synth` against `eksnet generate`. The cluster and node group are L1 constructs
// (AWS::EKS::Cluster, AWS::EKS::Nodegroup) like eksnet's own CloudFormation:
// the L2 eks.Cluster would add a kubectl Lambda layer and custom resources
// that eksnet does not generate, which would not be the same topology.
//
// The account is fixed and cdk.context.json holds its AZ lookup, so synth
// runs offline and without credentials.
const cdk = require("aws-cdk-lib");
const ec2 = require("aws-cdk-lib/aws-ec2");
const eks = require("aws-cdk-lib/aws-eks");
const iam = require("aws-cdk-lib/aws-iam");

const app = new cdk.App();
const stack = new cdk.Stack(app, "eksnet-demo", {
  env: { account: "123456789012", region: "us-east-1" },
});

// 3 or 5 AZs (scripts/bench sets EKSNET_BENCH_AZS); eksnet's planner gives
// each subnet a /19 for 3 AZs and a /20 for 5 in a /16.
const azs = Number(process.env.EKSNET_BENCH_AZS || "3");
const mask = azs > 4 ? 20 : 19;
const vpc = new ec2.Vpc(stack, "Vpc", {
  ipAddresses: ec2.IpAddresses.cidr("192.168.0.0/16"),
  maxAzs: azs,
  natGateways: 1,
  subnetConfiguration: [
    { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: mask },
    { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: mask },
  ],
});

const clusterRole = new iam.Role(stack, "ClusterRole", {
  assumedBy: new iam.ServicePrincipal("eks.amazonaws.com"),
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AmazonEKSClusterPolicy")],
});
const nodeRole = new iam.Role(stack, "NodeRole", {
  assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
  managedPolicies: [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
  ].map((n) => iam.ManagedPolicy.fromAwsManagedPolicyName(n)),
});

// The load balancer controller's discovery tags, as eksnet writes them.
vpc.publicSubnets.forEach((s) => cdk.Tags.of(s).add("kubernetes.io/role/elb", "1"));
vpc.privateSubnets.forEach((s) => cdk.Tags.of(s).add("kubernetes.io/role/internal-elb", "1"));

// The cluster's network interfaces go in the private subnets, as in eksnet.
const subnetIds = vpc.privateSubnets.map((s) => s.subnetId);
const cluster = new eks.CfnCluster(stack, "Cluster", {
  name: "eksnet-demo",
  version: "1.33",
  roleArn: clusterRole.roleArn,
  resourcesVpcConfig: {
    subnetIds,
    endpointPublicAccess: true,
    endpointPrivateAccess: true,
    publicAccessCidrs: ["0.0.0.0/0"],
  },
  kubernetesNetworkConfig: { serviceIpv4Cidr: "10.100.0.0/16" },
});

new eks.CfnNodegroup(stack, "NodeGroup", {
  clusterName: cluster.ref,
  nodegroupName: "eksnet-demo-nodes",
  nodeRole: nodeRole.roleArn,
  subnets: vpc.privateSubnets.map((s) => s.subnetId),
  instanceTypes: ["m6i.large"],
  scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 4 },
});

app.synth();
