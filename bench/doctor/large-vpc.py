#!/usr/bin/env python3
"""Writes the describe-* files of one large VPC for timing `eksnet doctor`:
python3 large-vpc.py SUBNETS DIR.

The VPC has 25 CIDR blocks (10.0.0.0/16 to 10.24.0.0/16), SUBNETS /28
subnets across three AZs (the first three public, with an internet gateway
and a NAT gateway each; the rest private, in a node group), a private route
table per 50 private subnets (each associated explicitly, its 0.0.0.0/0 to
its AZ's NAT gateway, a prefix-list route to the S3 gateway endpoint), the
interface endpoints a private cluster needs (admitting the cluster security
group), and the default network ACL on every subnet. Field names as the
AWS CLI prints them; what eksnet does not read is left out.
"""

import json
import os
import sys

ACCOUNT = "111122223333"
REGION = "us-west-2"
AZS = ["us-west-2a", "us-west-2b", "us-west-2c"]
BLOCKS = 25
PER_TABLE = 50


def rid(prefix, n):
    return f"{prefix}-{n:017x}"


def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    if count > BLOCKS * 4096 or count < 4:
        sys.exit(f"SUBNETS must be between 4 and {BLOCKS * 4096}")
    os.makedirs(out, exist_ok=True)
    vpc = rid("vpc", 1)
    blocks = [f"10.{b}.0.0/16" for b in range(BLOCKS)]

    def write(name, doc):
        with open(os.path.join(out, name), "w") as f:
            json.dump(doc, f)

    def cidr(i):
        return f"10.{i // 4096}.{(i % 4096) // 16}.{(i % 16) * 16}/28"

    subnets = [{
        "SubnetId": rid("subnet", i + 1),
        "VpcId": vpc,
        "CidrBlock": cidr(i),
        "AvailabilityZone": AZS[i % 3],
        "AvailabilityZoneId": f"usw2-az{i % 3 + 1}",
        "AvailableIpAddressCount": 11,
        "MapPublicIpOnLaunch": i < 3,
        "State": "available",
        "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{rid('subnet', i + 1)}",
        "Tags": [{"Key": "kubernetes.io/role/elb" if i < 3 else "kubernetes.io/role/internal-elb", "Value": "1"}],
    } for i in range(count)]
    public = [s["SubnetId"] for s in subnets[:3]]
    private = subnets[3:]
    igw = rid("igw", 1)
    nats = [rid("nat", i + 1) for i in range(3)]
    s3 = rid("vpce", 100)
    local = [{"DestinationCidrBlock": b, "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}
             for b in blocks]

    def table(n, routes, members, main=False):
        assoc = [{"Main": False, "RouteTableAssociationId": rid("rtbassoc", n * 100000 + j),
                  "RouteTableId": rid("rtb", n), "SubnetId": s,
                  "AssociationState": {"State": "associated"}} for j, s in enumerate(members)]
        if main:
            assoc.append({"Main": True, "RouteTableAssociationId": rid("rtbassoc", n * 100000 + 99999),
                          "RouteTableId": rid("rtb", n), "AssociationState": {"State": "associated"}})
        return {"RouteTableId": rid("rtb", n), "VpcId": vpc, "Associations": assoc,
                "Routes": local + routes, "OwnerId": ACCOUNT}

    tables = [table(1, [], [], main=True),
              table(2, [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "State": "active"}], public)]
    private_tables = []
    for k in range(0, len(private), PER_TABLE):
        chunk = private[k:k + PER_TABLE]
        n = 3 + k // PER_TABLE
        az = AZS.index(chunk[0]["AvailabilityZone"])
        tables.append(table(n, [
            {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nats[az], "State": "active"},
            {"DestinationPrefixListId": "pl-68a54001", "GatewayId": s3, "State": "active"},
        ], [s["SubnetId"] for s in chunk]))
        private_tables.append(rid("rtb", n))
    write("vpcs.json", {"Vpcs": [{
        "VpcId": vpc, "CidrBlock": blocks[0], "State": "available", "OwnerId": ACCOUNT,
        "DhcpOptionsId": rid("dopt", 1), "IsDefault": False,
        "CidrBlockAssociationSet": [{"AssociationId": rid("vpc-cidr-assoc", i + 1), "CidrBlock": b,
                                     "CidrBlockState": {"State": "associated"}} for i, b in enumerate(blocks)],
    }]})
    write("subnets.json", {"Subnets": subnets})
    write("route-tables.json", {"RouteTables": tables})
    write("internet-gateways.json", {"InternetGateways": [{
        "InternetGatewayId": igw, "OwnerId": ACCOUNT,
        "Attachments": [{"State": "available", "VpcId": vpc}]}]})
    write("nat-gateways.json", {"NatGateways": [{
        "NatGatewayId": n, "VpcId": vpc, "SubnetId": public[i], "State": "available",
        "ConnectivityType": "public",
        "NatGatewayAddresses": [{"PublicIp": f"203.0.113.{10 + i}", "IsPrimary": True}],
    } for i, n in enumerate(nats)]})
    cluster_sg, endpoint_sg = rid("sg", 1), rid("sg", 2)
    write("security-groups.json", {"SecurityGroups": [
        {"GroupId": cluster_sg, "GroupName": "cluster", "VpcId": vpc, "OwnerId": ACCOUNT,
         "IpPermissions": [{"IpProtocol": "-1", "IpRanges": [], "UserIdGroupPairs": [{"GroupId": cluster_sg}]}]},
        {"GroupId": endpoint_sg, "GroupName": "endpoints", "VpcId": vpc, "OwnerId": ACCOUNT,
         "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [],
                            "UserIdGroupPairs": [{"GroupId": cluster_sg}]}]},
    ]})
    cluster_subnets = [s["SubnetId"] for s in private[:3]]
    endpoints = [{
        "VpcEndpointId": rid("vpce", i + 1), "VpcId": vpc, "State": "available",
        "ServiceName": f"com.amazonaws.{REGION}.{svc}", "VpcEndpointType": "Interface",
        "PrivateDnsEnabled": True, "SubnetIds": cluster_subnets, "RouteTableIds": [],
        "Groups": [{"GroupId": endpoint_sg, "GroupName": "endpoints"}],
    } for i, svc in enumerate(["ecr.api", "ecr.dkr", "sts", "eks-auth"])]
    endpoints.append({
        "VpcEndpointId": s3, "VpcId": vpc, "State": "available",
        "ServiceName": f"com.amazonaws.{REGION}.s3", "VpcEndpointType": "Gateway",
        "PrivateDnsEnabled": False, "SubnetIds": [], "RouteTableIds": private_tables, "Groups": [],
    })
    write("vpc-endpoints.json", {"VpcEndpoints": endpoints})
    write("cluster.json", {"cluster": {
        "name": "large", "version": "1.31", "status": "ACTIVE",
        "arn": f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/large",
        "resourcesVpcConfig": {
            "subnetIds": cluster_subnets, "securityGroupIds": [], "clusterSecurityGroupId": cluster_sg,
            "vpcId": vpc, "endpointPublicAccess": False, "endpointPrivateAccess": True,
            "publicAccessCidrs": [],
        },
        "kubernetesNetworkConfig": {"serviceIpv4Cidr": "172.20.0.0/16", "ipFamily": "ipv4"},
    }})
    write("nodegroup-large-nodes.json", {"nodegroup": {
        "nodegroupName": "large-nodes", "clusterName": "large", "status": "ACTIVE",
        "scalingConfig": {"minSize": 1, "maxSize": 10, "desiredSize": 3},
        "instanceTypes": ["m6i.large"], "subnets": [s["SubnetId"] for s in private],
    }})
    write("network-acls.json", {"NetworkAcls": [{
        "NetworkAclId": rid("acl", 1), "VpcId": vpc, "IsDefault": True, "OwnerId": ACCOUNT,
        "Associations": [{"NetworkAclAssociationId": rid("aclassoc", i + 1), "NetworkAclId": rid("acl", 1),
                          "SubnetId": s["SubnetId"]} for i, s in enumerate(subnets)],
        "Entries": [
            {"CidrBlock": "0.0.0.0/0", "Egress": e, "Protocol": "-1", "RuleAction": a, "RuleNumber": n}
            for e in (True, False) for a, n in (("allow", 100), ("deny", 32767))],
    }]})
    write("dhcp-options.json", {"DhcpOptions": [{
        "DhcpOptionsId": rid("dopt", 1), "OwnerId": ACCOUNT,
        "DhcpConfigurations": [{"Key": "domain-name-servers", "Values": [{"Value": "AmazonProvidedDNS"}]}],
    }]})
    write("vpc-dns-support.json", {"VpcId": vpc, "EnableDnsSupport": {"Value": True}})
    write("vpc-dns-hostnames.json", {"VpcId": vpc, "EnableDnsHostnames": {"Value": True}})


if __name__ == "__main__":
    main()
