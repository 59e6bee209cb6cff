"""The network eksnet's built-in spec plans (public-private, one NAT gateway,
192.168.0.0/16; here in us-east-1 with 3 or 5 AZs), an EKS cluster in it and
a managed node group, written with troposphere so scripts/bench can time it
against `eksnet generate`. Prints the CloudFormation template (JSON).

Written out resource by resource, as a troposphere user would: troposphere
has no VPC or subnet-carving helpers, so the CIDRs are computed here the way
eksnet's planner lays them out (public subnets first, then private, each a
/19 for 3 AZs or a /20 for 5).
"""
import ipaddress
import os

from troposphere import GetAtt, Ref, Tags, Template
from troposphere.ec2 import (
    EIP,
    VPC,
    InternetGateway,
    NatGateway,
    Route,
    RouteTable,
    Subnet,
    SubnetRouteTableAssociation,
    VPCGatewayAttachment,
)
from troposphere.eks import Cluster, Nodegroup, ResourcesVpcConfig, ScalingConfig
from troposphere.eks import KubernetesNetworkConfig
from troposphere.iam import Role

AZS = int(os.environ.get("EKSNET_BENCH_AZS", "3"))
NAME = "eksnet-demo"
REGION = "us-east-1"


def policy(service):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": [service]},
                "Action": ["sts:AssumeRole"],
            }
        ],
    }


def managed(*names):
    return [f"arn:aws:iam::aws:policy/{n}" for n in names]


def main():
    t = Template(Description=f"{NAME}: public-private EKS network")
    vpc = t.add_resource(
        VPC(
            "Vpc",
            CidrBlock="192.168.0.0/16",
            EnableDnsSupport=True,
            EnableDnsHostnames=True,
            Tags=Tags(Name=NAME),
        )
    )
    igw = t.add_resource(InternetGateway("InternetGateway", Tags=Tags(Name=NAME)))
    t.add_resource(
        VPCGatewayAttachment("GatewayAttachment", VpcId=Ref(vpc), InternetGatewayId=Ref(igw))
    )
    prefix = 19 if AZS <= 4 else 20
    blocks = list(ipaddress.ip_network("192.168.0.0/16").subnets(new_prefix=prefix))
    zones = [f"{REGION}{c}" for c in "abcdef"[:AZS]]

    public_rt = t.add_resource(RouteTable("PublicRouteTable", VpcId=Ref(vpc)))
    t.add_resource(
        Route(
            "PublicDefaultRoute",
            RouteTableId=Ref(public_rt),
            DestinationCidrBlock="0.0.0.0/0",
            GatewayId=Ref(igw),
            DependsOn="GatewayAttachment",
        )
    )
    public, private = [], []
    for i, az in enumerate(zones):
        key = az[-1].upper()
        s = t.add_resource(
            Subnet(
                f"PublicSubnet{key}",
                VpcId=Ref(vpc),
                AvailabilityZone=az,
                CidrBlock=str(blocks[i]),
                MapPublicIpOnLaunch=True,
                Tags=Tags({"Name": f"{NAME}-public-{az}", "kubernetes.io/role/elb": "1"}),
            )
        )
        t.add_resource(
            SubnetRouteTableAssociation(
                f"PublicSubnet{key}RouteTable", SubnetId=Ref(s), RouteTableId=Ref(public_rt)
            )
        )
        public.append(s)

    eip = t.add_resource(EIP("NatEip", Domain="vpc"))
    nat = t.add_resource(
        NatGateway("NatGateway", AllocationId=GetAtt(eip, "AllocationId"), SubnetId=Ref(public[0]))
    )
    for i, az in enumerate(zones):
        key = az[-1].upper()
        rt = t.add_resource(RouteTable(f"PrivateRouteTable{key}", VpcId=Ref(vpc)))
        t.add_resource(
            Route(
                f"PrivateDefaultRoute{key}",
                RouteTableId=Ref(rt),
                DestinationCidrBlock="0.0.0.0/0",
                NatGatewayId=Ref(nat),
            )
        )
        s = t.add_resource(
            Subnet(
                f"PrivateSubnet{key}",
                VpcId=Ref(vpc),
                AvailabilityZone=az,
                CidrBlock=str(blocks[AZS + i]),
                Tags=Tags(
                    {"Name": f"{NAME}-private-{az}", "kubernetes.io/role/internal-elb": "1"}
                ),
            )
        )
        t.add_resource(
            SubnetRouteTableAssociation(
                f"PrivateSubnet{key}RouteTable", SubnetId=Ref(s), RouteTableId=Ref(rt)
            )
        )
        private.append(s)

    cluster_role = t.add_resource(
        Role(
            "ClusterRole",
            AssumeRolePolicyDocument=policy("eks.amazonaws.com"),
            ManagedPolicyArns=managed("AmazonEKSClusterPolicy"),
        )
    )
    node_role = t.add_resource(
        Role(
            "NodeRole",
            AssumeRolePolicyDocument=policy("ec2.amazonaws.com"),
            ManagedPolicyArns=managed(
                "AmazonEKSWorkerNodePolicy",
                "AmazonEKS_CNI_Policy",
                "AmazonEC2ContainerRegistryReadOnly",
            ),
        )
    )
    cluster = t.add_resource(
        Cluster(
            "Cluster",
            Name=NAME,
            Version="1.33",
            RoleArn=GetAtt(cluster_role, "Arn"),
            ResourcesVpcConfig=ResourcesVpcConfig(
                SubnetIds=[Ref(s) for s in private],
                EndpointPublicAccess=True,
                EndpointPrivateAccess=True,
                PublicAccessCidrs=["0.0.0.0/0"],
            ),
            KubernetesNetworkConfig=KubernetesNetworkConfig(ServiceIpv4Cidr="10.100.0.0/16"),
        )
    )
    t.add_resource(
        Nodegroup(
            "NodeGroup",
            ClusterName=Ref(cluster),
            NodegroupName=f"{NAME}-nodes",
            NodeRole=GetAtt(node_role, "Arn"),
            Subnets=[Ref(s) for s in private],
            InstanceTypes=["m6i.large"],
            ScalingConfig=ScalingConfig(MinSize=1, DesiredSize=2, MaxSize=4),
        )
    )
    print(t.to_json())


if __name__ == "__main__":
    main()
