#!/usr/bin/env python3
"""The doctor round trip: eksnet's own network-only CloudFormation, deployed
to moto's server on 127.0.0.1, collected with scripts/collect-vpc.sh, read by
`eksnet doctor`; then broken through the EC2 API, and doctor must name each
fault. Every architecture, and public-private as an IPv6 cluster
(`public-private-ipv6`): its template deploys only with the CloudFormation
patches of moto_server.py, which starts the server, and only in the order the
template's DependsOn gives (each subnet after the VPC's IPv6 block, eksctl
issue 4363): the same template without that order is refused.

Run by tests/doctor.rs (test `round_trip_through_moto`) with the Python of a
virtualenv holding moto[server,cloudformation], boto3 and awscli; the server
is started here on a free port and stopped at the end, whatever happens.

Environment:
  EKSNET_BIN                 the eksnet binary (required)
  EKSNET_ROUNDTRIP_TEMPLATES a directory of <architecture>.yaml templates to
                             deploy instead of `eksnet generate --network-only
                             --format cloudformation --architecture <arch>`
  EKSNET_ROUNDTRIP_ARCHS     comma-separated cases (default: the four
                             architectures, and each as an IPv6 cluster:
                             public-only-ipv6, ...)
  EKSNET_ROUNDTRIP_KEEP      keep the collected files and the server log (the
                             directory is printed), to look at a failure

moto's gaps, and how each is worked around (nothing else is changed):
  1. AWS::EC2::Subnet MapPublicIpOnLaunch is ignored: the template's value is
     set again with ModifySubnetAttribute.
  2. AWS::EC2::VPC EnableDnsSupport / EnableDnsHostnames are ignored: the
     template's values are set again with ModifyVpcAttribute.
  3. AWS::EC2::SubnetRouteTableAssociation is kept apart from the route
     table, so DescribeRouteTables shows no association: each is made again
     with AssociateRouteTable.
  4. Fn::GetAtt of an EIP's PublicIp in Outputs breaks DescribeStacks: the
     stack's resources are read with DescribeStackResources instead.
  5. AWS::EKS::* is unknown (and the network-only template has no cluster):
     the cluster and a node group are created through moto's EKS API, with
     the endpoint access and node subnets `eksnet plan --output json` plans.
  6. AWS::EC2::VPCCidrBlock (the pod network's secondary CIDR) is unknown to
     moto's CloudFormation: the server is tests/roundtrip/moto_server.py,
     which adds it.
  7. The ENIConfigs of custom networking live in Kubernetes, which moto is
     not: eniconfigs.json is written as kubectl prints what the VPC CNI
     add-on's eniConfig values create (one per zone, named after it, with
     the zone's pod subnet), instead of collecting it.

Every IPv4 architecture is deployed with a pod network (`--pod-secondary-cidr`;
public-only and public-private with custom networking, private-only and
fully-private with subnet discovery), whose pod subnets doctor must read too:
no deployment and no collection of its own (each collection is a dozen AWS
CLI calls). Each is then deployed once more with the other mode, checked
through the API alone: every mode in every architecture deploys.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
import yaml

REGION = "us-west-2"
ACCOUNT_ROLE = "arn:aws:iam::123456789012:role/eksnet-roundtrip"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
COLLECT = os.path.join(REPO, "scripts", "collect-vpc.sh")
ARCHS = ["public-only", "public-private", "private-only", "fully-private"]
# Every architecture again as an IPv6 cluster, healthy as deployed.
ARCHS += [f"{a}-ipv6" for a in ARCHS]
# Every IPv4 architecture is deployed with a pod network, in one mode; the
# other mode is deployed too (pods_other_mode), without a collection.
PODS = ["--pod-secondary-cidr", "100.64.0.0/16", "--pod-network-mode"]
POD_MODE = {"public-only": "custom-networking", "public-private": "custom-networking",
            "private-only": "subnet-discovery", "fully-private": "subnet-discovery"}
OTHER_MODE = {"custom-networking": "subnet-discovery", "subnet-discovery": "custom-networking"}


def arch_args(case):
    """`--architecture A`, and `--ip-family ipv6` for an `A-ipv6` case."""
    if case.endswith("-ipv6"):
        return ["--architecture", case[: -len("-ipv6")], "--ip-family", "ipv6"]
    return ["--architecture", case]


def log(*a):
    print("roundtrip:", *a, file=sys.stderr, flush=True)


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags: `!Ref X` -> {"Ref": "X"}."""


def _tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    key = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {key: value}


CfnLoader.add_multi_constructor("!", _tag)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env=None, check=True):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({p.returncode}): {p.stderr}\n{p.stdout}")
    return p


class RoundTrip:
    def __init__(self, eksnet, endpoint, work):
        self.eksnet = eksnet
        self.endpoint = endpoint
        self.work = work
        kw = dict(endpoint_url=endpoint, region_name=REGION)
        self.cfn = boto3.client("cloudformation", **kw)
        self.ec2 = boto3.client("ec2", **kw)
        self.eks = boto3.client("eks", **kw)
        self.failures = []

    def pod_flags(self, arch, mode=None):
        """The pod network's flags for its architecture (in `mode`, else its
        own), unless the templates are given; none for IPv6 clusters."""
        if os.environ.get("EKSNET_ROUNDTRIP_TEMPLATES") or arch not in POD_MODE:
            return []
        return PODS + [mode or POD_MODE[arch]]

    def template(self, arch, mode=None):
        given = os.environ.get("EKSNET_ROUNDTRIP_TEMPLATES")
        if given:
            return os.path.join(given, f"{arch}.yaml")
        out = os.path.join(self.work, f"gen-{arch}-{mode or 'own'}")
        run([self.eksnet, "generate", "--quiet", "--network-only", "--format", "cloudformation",
             *arch_args(arch), *self.pod_flags(arch, mode), "--out", out])
        return os.path.join(out, "cloudformation", "template.yaml")

    def pods_other_mode(self, arch):
        """The architecture's template with the pod network in its other mode:
        it deploys, and its pod subnets are the planned ones, tagged for
        subnet discovery or not (no collection: each costs a dozen calls)."""
        mode = OTHER_MODE[POD_MODE[arch]]
        stack = f"eksnet-{arch}-{mode}"
        with open(self.template(arch, mode)) as f:
            self.cfn.create_stack(StackName=stack, TemplateBody=f.read())
        res = self.cfn.describe_stack_resources(StackName=stack)["StackResources"]
        done = bool(res) and all(r["ResourceStatus"].endswith("COMPLETE") for r in res)
        ids = [r["PhysicalResourceId"] for r in res if r["ResourceType"] == "AWS::EC2::Subnet"]
        subnets = self.ec2.describe_subnets(SubnetIds=ids)["Subnets"]
        p = run([self.eksnet, "plan", "--quiet", *arch_args(arch), *self.pod_flags(arch, mode),
                 "--output", "json"])
        planned = sorted(s["cidr"] for s in json.loads(p.stdout)["topology"]["subnets"] if s["tier"] == "pod")
        pods = [s for s in subnets if s["CidrBlock"] in planned]
        tagged = [s for s in pods if {"Key": "kubernetes.io/role/cni", "Value": "1"} in s.get("Tags", [])]
        ok = (done and planned and sorted(s["CidrBlock"] for s in pods) == planned
              and len(tagged) == (len(pods) if mode == "subnet-discovery" else 0))
        log(f"{arch} with {mode}: {len(pods)} pod subnets deployed "
            f"({'as expected' if ok else 'UNEXPECTED'})")
        if not ok:
            self.failures.append(f"{arch} with {mode}: stack complete {done}, planned {planned}, "
                                 f"deployed {[s['CidrBlock'] for s in pods]}, tagged {len(tagged)}")

    def plan(self, arch):
        p = run([self.eksnet, "plan", "--quiet", *arch_args(arch), *self.pod_flags(arch), "--output", "json"])
        return json.loads(p.stdout)["topology"]

    def deploy(self, arch):
        path = self.template(arch)
        with open(path) as f:
            body = f.read()
        tpl = yaml.load(body, Loader=CfnLoader)
        stack = f"eksnet-{arch}"
        self.cfn.create_stack(StackName=stack, TemplateBody=body)
        for _ in range(60):
            status = self.cfn.describe_stack_resources(StackName=stack)["StackResources"]
            if status and all(r["ResourceStatus"].endswith("COMPLETE") for r in status):
                break
            time.sleep(0.5)
        # Gap 4: resources, not outputs.
        phys = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in status}

        def ref(v):
            return phys[v["Ref"]] if isinstance(v, dict) and "Ref" in v else v

        vpc_id = None
        for name, res in tpl["Resources"].items():
            props = res.get("Properties", {})
            kind = res["Type"]
            if kind == "AWS::EC2::VPC":
                vpc_id = phys[name]
                # Gap 2. Support before hostnames: AWS refuses hostnames without it.
                for attr in ("EnableDnsSupport", "EnableDnsHostnames"):
                    if attr in props:
                        self.ec2.modify_vpc_attribute(VpcId=vpc_id, **{attr: {"Value": bool(props[attr])}})
            elif kind == "AWS::EC2::Subnet" and "MapPublicIpOnLaunch" in props:
                # Gap 1.
                self.ec2.modify_subnet_attribute(
                    SubnetId=phys[name], MapPublicIpOnLaunch={"Value": bool(props["MapPublicIpOnLaunch"])})
            elif kind == "AWS::EC2::SubnetRouteTableAssociation":
                # Gap 3.
                self.ec2.associate_route_table(
                    RouteTableId=ref(props["RouteTableId"]), SubnetId=ref(props["SubnetId"]))
        assert vpc_id, f"{path} has no AWS::EC2::VPC"

        # Gap 5: the cluster and node group as eksnet plans them.
        topo = self.plan(arch)
        subnets = self.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
        by_cidr = {s["CidrBlock"]: s["SubnetId"] for s in subnets}
        nodes = [by_cidr[s["cidr"]] for s in topo["subnets"] if s["nodes"]]
        c = topo["cluster"]
        vpc_config = {
            "subnetIds": [by_cidr[next(s["cidr"] for s in topo["subnets"] if s["id"] == i)] for i in c["subnets"]],
            "endpointPublicAccess": c["endpointPublicAccess"],
            "endpointPrivateAccess": c["endpointPrivateAccess"],
        }
        if c["endpointPublicAccess"]:
            vpc_config["publicAccessCidrs"] = c["publicAccessCidrs"] + c.get("publicAccessIpv6Cidrs", [])
        cluster = f"rt-{arch}"
        network = {"ipFamily": "ipv6"} if topo.get("ipFamily") == "ipv6" else {}
        self.eks.create_cluster(name=cluster, roleArn=ACCOUNT_ROLE, resourcesVpcConfig=vpc_config,
                                kubernetesNetworkConfig=network)
        self.eks.create_nodegroup(clusterName=cluster, nodegroupName=f"{cluster}-nodes", subnets=nodes,
                                  nodeRole=ACCOUNT_ROLE, instanceTypes=topo["nodeGroup"]["instanceTypes"],
                                  scalingConfig={"minSize": 1, "maxSize": 2, "desiredSize": 1})
        by_cidr = {s["CidrBlock"]: s for s in subnets}
        self.pod_subnets = [by_cidr[s["cidr"]] for s in topo["subnets"] if s["tier"] == "pod"]
        self.eniconfigs = self.pod_eniconfigs(topo, self.pod_subnets)
        return vpc_id, cluster, nodes

    def pod_eniconfigs(self, topo, pods):
        """Gap 7: the ENIConfigs the VPC CNI add-on would create for the
        planned pod subnets (None without custom networking)."""
        if not pods or topo.get("podNetwork", {}).get("mode") != "custom-networking":
            return None
        return [{
            "apiVersion": "crd.k8s.amazonaws.com/v1alpha1",
            "kind": "ENIConfig",
            "metadata": {"name": s["AvailabilityZone"]},
            "spec": {"subnet": s["SubnetId"], "securityGroups": []},
        } for s in pods]

    def doctor(self, vpc_id, cluster, label):
        out = os.path.join(self.work, label)
        # No Kubernetes here: kubectl, where installed, must not reach a real one.
        env = dict(os.environ, EKSNET_AWS_ENDPOINT_URL=self.endpoint, KUBECONFIG=os.devnull)
        run(["bash", COLLECT, vpc_id, cluster, out], env=env)
        if self.eniconfigs is not None:
            with open(os.path.join(out, "eniconfigs.json"), "w") as f:
                json.dump({"apiVersion": "v1", "kind": "List", "items": self.eniconfigs}, f)
        p = run([self.eksnet, "doctor", out], check=False)
        return p.returncode, p.stdout + p.stderr

    def expect(self, label, code, text, want_code, needles, absent=()):
        ok = code == want_code and all(n in text for n in needles) and not any(n in text for n in absent)
        log(f"{label}: exit {code} ({'as expected' if ok else 'UNEXPECTED'})")
        if not ok:
            self.failures.append(f"{label}: exit {code}, wanted {want_code} and {needles}\n{text}")

    def arch(self, arch):
        vpc_id, cluster, nodes = self.deploy(arch)
        code, text = self.doctor(vpc_id, cluster, f"{arch}-healthy")
        if arch.endswith("-ipv6"):
            # Dual-stack as planned: IPv6 blocks, auto-assign, ::/0 routes.
            self.expect(f"{arch} as deployed", code, text, 0, ["nodes can join", "API over IPv6   ok"],
                        absent=["E105", "E106", "W107", "E109"])
            # E106 and the others are doctor's own tests (fixtures); here the
            # order is what matters, and a second collection costs seconds.
            if arch == "public-private-ipv6":
                self.unordered(arch)
            return
        want = ["nodes can join"]
        if self.eniconfigs is not None:
            want.append("Pod subnets from the ENIConfigs in eniconfigs.json (custom networking):")
            want += [f"{e['spec']['subnet']} ({e['metadata']['name']}, 100.64." for e in self.eniconfigs]
        elif self.pod_subnets:
            want.append("Pod subnets from their kubernetes.io/role/cni=1 tag (subnet discovery):")
            want += [f"{s['SubnetId']} ({s['AvailabilityZone']}, 100.64." for s in self.pod_subnets]
        self.expect(f"{arch} as deployed", code, text, 0, want)
        if self.pod_subnets:
            self.pods_other_mode(arch)

        # Break it through the API, as people do, and check doctor names the fault.
        rt_of = {}
        for rt in self.ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["RouteTables"]:
            for a in rt.get("Associations", []):
                if a.get("SubnetId"):
                    rt_of[a["SubnetId"]] = rt["RouteTableId"]
        if arch == "public-only":
            self.ec2.modify_subnet_attribute(SubnetId=nodes[0], MapPublicIpOnLaunch={"Value": False})
            want = ["error[E060]", f"aws ec2 modify-subnet-attribute --subnet-id {nodes[0]} --map-public-ip-on-launch"]
        elif arch == "public-private":
            rt = rt_of[nodes[0]]
            self.ec2.delete_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0")
            want = [f"route table {rt} has no default route",
                    f"aws ec2 create-route --route-table-id {rt} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-"]
        else:
            eps = self.ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["VpcEndpoints"]
            ecr = [e["VpcEndpointId"] for e in eps if e["ServiceName"].endswith(".ecr.dkr")]
            assert ecr, f"{arch}: no ecr.dkr endpoint deployed"
            self.ec2.delete_vpc_endpoints(VpcEndpointIds=ecr)
            want = ["no ecr.dkr endpoint", f"--service-name com.amazonaws.{REGION}.ecr.dkr --vpc-endpoint-type Interface"]
        code, text = self.doctor(vpc_id, cluster, f"{arch}-broken")
        self.expect(f"{arch} broken", code, text, 1, want)

    def unordered(self, arch):
        """The IPv6 template with the VPC's IPv6 block moved last: it deploys
        with its DependsOn, and without them it is refused, as the subnets
        then read the VPC's Ipv6CidrBlocks before the block exists and
        select from an empty list (moto creates one resource at a time, so
        the race AWS may lose is lost every time)."""
        with open(self.template(arch)) as f:
            tpl = yaml.load(f, Loader=CfnLoader)
        resources = tpl["Resources"]
        block = [k for k, r in resources.items() if r["Type"] == "AWS::EC2::VPCCidrBlock"]
        assert block, f"{arch}: no AWS::EC2::VPCCidrBlock"
        resources[block[0]] = resources.pop(block[0])
        results = {}
        for ordered in (True, False):
            if not ordered:
                for r in resources.values():
                    r.pop("DependsOn", None)
            name = f"eksnet-{arch}-{'ordered' if ordered else 'unordered'}"
            try:
                self.cfn.create_stack(StackName=name, TemplateBody=json.dumps(tpl))
                results[ordered] = True
            except Exception:  # moto answers 500 when a template function fails
                results[ordered] = False
        ok = results == {True: True, False: False}
        log(f"{arch} block last: with DependsOn {'deployed' if results[True] else 'REFUSED'}, "
            f"without {'DEPLOYED' if results[False] else 'refused'} ({'as expected' if ok else 'UNEXPECTED'})")
        if not ok:
            self.failures.append(f"{arch}: DependsOn should decide whether the block-last template deploys: {results}")

def main():
    eksnet = os.environ.get("EKSNET_BIN")
    if not eksnet:
        raise SystemExit("EKSNET_BIN must name the eksnet binary")
    archs = [a for a in os.environ.get("EKSNET_ROUNDTRIP_ARCHS", ",".join(ARCHS)).split(",") if a]
    # Dummy credentials; never the instance metadata service.
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                      AWS_DEFAULT_REGION=REGION, AWS_REGION=REGION, AWS_EC2_METADATA_DISABLED="true")
    for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(k, None)
    if not shutil.which("aws"):
        raise SystemExit("the aws CLI is not on PATH")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    work = tempfile.mkdtemp(prefix="eksnet-roundtrip-")
    # moto_server.py: moto's server with the patches the IPv6 template needs
    # (and gap 6).
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "moto_server.py"), "-H", "127.0.0.1",
                               "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "moto.log"), "w"))
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("moto server did not start")
        rt = RoundTrip(eksnet, endpoint, work)
        for arch in archs:
            rt.arch(arch)
        if rt.failures:
            print("\n\n".join(rt.failures), file=sys.stderr)
            return 1
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if os.environ.get("EKSNET_ROUNDTRIP_KEEP"):
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
