#!/usr/bin/env python3
"""The Terraform round trip: eksnet's own Terraform, applied with the real AWS
provider to moto's server on 127.0.0.1, collected with scripts/collect-vpc.sh
and read by `eksnet doctor` (every node subnet must be able to join); then
`terraform plan -detailed-exitcode` must change no network resource, and
`terraform destroy` must leave nothing behind.

Run by tests/terraform_moto.rs with the Python of a virtualenv holding
moto[server], boto3 and awscli. Each case gets a moto server of its own (on a
free port, stopped at the end, whatever happens); cases run side by side.

The cases, lean but covering every architecture and NAT mode:
  public-only              public-only, 3 AZs; first, the upgrade from the
                           layout before the module: the module's files
                           applied as a root of their own, then the generated
                           root planned over that state: its moved blocks
                           move every resource, none is created or destroyed
  public-private-single    single NAT, with flow logs, secrets encryption,
                           control-plane logging, admin access entries (KMS,
                           CloudWatch Logs, IAM) and the karpenter (tags),
                           load-balancer-controller and cloudwatch add-ons
                           then day two: a fourth AZ, regenerated over the
                           first outputs (their eksnet.lock) and planned: no
                           subnet is replaced
  public-private-per-az    a NAT per AZ, 5 AZs in us-east-1, IPv6 (the /56,
                           /64 subnets, the egress-only gateway, ::/0 routes)
  public-private-nat-none  no NAT: PrivateLink for ECR, S3, STS, EC2, and the
                           pod-identity and ssm add-ons' eks-auth, ssm,
                           ssmmessages, ec2messages; a pod network of
                           custom networking with prefix delegation
                           (100.64.0.0/16)
  private-only-tgw         egress through a transit gateway (made in moto
                           first; eksnet attaches the VPC to it); a pod
                           network found by subnet discovery (10.1.0.0/16)
  fully-private-china      fully private in cn-north-1 (the aws-cn partition)

Environment:
  EKSNET_BIN              the eksnet binary (required)
  EKSNET_TERRAFORM        terraform (required)
  EKSNET_TF_MIRROR        the provider filesystem mirror holding hashicorp/aws
                          (required; nothing is downloaded)
  EKSNET_TF_ROUNDTRIP_CASES  comma-separated case names (default: all)
  EKSNET_TF_ROUNDTRIP_JOBS   cases run at once (default: 3)
  EKSNET_TF_ROUNDTRIP_KEEP   keep the work directory (printed), to look at a
                             failure

Only the copy of the generated directory that is applied gets one more file,
moto_override.tf: a provider block pointing every service eksnet uses (EC2,
IAM, EKS, KMS, CloudWatch Logs, STS) at moto, with dummy credentials. The
generated files themselves are applied unchanged.

Resources not applied, because moto implements no API for them (each case
reports which of them its Terraform holds): aws_eks_access_entry,
aws_eks_access_policy_association, aws_eks_pod_identity_association.
Everything else is applied with -target.

moto's gaps, and how each is worked around (nothing else is changed):
  1. The EKS API above: those resource types are left out with -target.
     EKS managed add-ons (aws_eks_addon) are applied: the node group
     depends on the VPC CNI and kube-proxy add-ons, so leaving them out would
     leave out the node group too. moto_server.py answers the add-on calls
     (created ACTIVE, deleted at once), so their order and their plan are
     tested, not EKS's add-on behaviour.
  2. DescribeCluster returns no accessConfig, so the next plan wants to
     replace aws_eks_cluster for
     access_config[0].bootstrap_cluster_creator_admin_permissions. Accepted
     as exactly that replacement path and nothing more.
  3. CreateNodegroup invents a remoteAccess block (ec2SshKey "eksKeypair")
     that was never asked for, so the next plan wants to replace
     aws_eks_node_group for remote_access / remote_access[0].ec2_ssh_key.
     Accepted as exactly those replacement paths and nothing more.
  4. CreateTransitGatewayVpcAttachment drops the attachment's tags (moto
     reads the tag specification of a transit-gateway-route-table instead),
     so the next plan would add them again: after apply, the attachment is
     given the tags Terraform sent, through CreateTags. They are the VPC's
     own (both are `merge({ Name = local.name }, local.tags)`), read from the
     state; should the template ever tag them differently, the plan shows it.
  5. DeleteTransitGatewayVpcAttachment forgets the attachment at once, where
     AWS shows it in state "deleted" for a while; the provider waits for
     that state and destroy fails ("couldn't find resource (21 retries)").
     The server is started by moto_server.py, which keeps a deleted
     attachment visible in state "deleted", as AWS does.
  6. CreateLaunchTemplate copies the template's own tags (its tag
     specification for "launch-template") into the version's
     LaunchTemplateData.TagSpecifications, so the next plan wants to update
     aws_launch_template.nodes to empty tag_specifications. moto_server.py
     keeps them out of the data, as AWS does.
  7. moto 5.2.5 reports a subnet's IPv6 association state nested one level
     too deep ({"State": {"State": "associated"}} in
     Subnet.ipv6_cidr_block_association_set), so the provider waits
     forever on every IPv6 subnet. moto_server.py corrects that property.
  8. A consequence of gap 2: the VPC CNI add-on's configuration values name
     the cluster security group (custom networking's ENIConfigs), which the
     cluster's replacement would make unknown, so the next plan updates
     aws_eks_addon.before_nodes["vpc-cni"]. Accepted only while the cluster
     is replaced for gap 2, as an update of configuration_values alone,
     unknown until apply.
Any other planned change, on any resource, fails the case.
"""

import concurrent.futures
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
COLLECT = os.path.join(REPO, "scripts", "collect-vpc.sh")

# Resource types moto has no API for: never applied.
SKIPPED_TYPES = [
    "aws_eks_access_entry",
    "aws_eks_access_policy_association",
    "aws_eks_pod_identity_association",
]
# Moto-only drift the plan after apply may show (gaps 2 and 3): the
# resource type, and the exact set of paths that force its replacement.
KNOWN_DRIFT = {
    "aws_eks_cluster": [["access_config", 0, "bootstrap_cluster_creator_admin_permissions"]],
    "aws_eks_node_group": [["remote_access"], ["remote_access", 0, "ec2_ssh_key"]],
}
SERVICES = ["ec2", "iam", "eks", "kms", "logs", "sts"]

US_EAST_5 = "us-east-1a,us-east-1b,us-east-1c,us-east-1d,us-east-1e"
CASES = {
    "public-only": dict(region="us-west-2", legacy=True, flags=["--architecture", "public-only"]),
    "public-private-single": dict(region="us-west-2", add_az="us-west-2d", flags=[
        "--architecture", "public-private", "--nat", "single", "--flow-logs", "true",
        "--secrets-encryption", "true", "--control-plane-logging", "api,audit,authenticator",
        "--addons", "karpenter,load-balancer-controller,cloudwatch",
        "--admin-principal-arns", "arn:aws:iam::123456789012:role/platform-admin"]),
    # IPv6 too: the VPC's /56, /64 subnets that assign IPv6 on creation, the
    # egress-only gateway and ::/0 routes beside per-AZ NAT (gap 7).
    "public-private-per-az": dict(region="us-east-1", flags=[
        "--architecture", "public-private", "--nat", "per-az", "--region", "us-east-1",
        "--azs", US_EAST_5, "--ip-family", "ipv6"]),
    # Pod networks ride along (each case is a whole apply, plan and destroy):
    # custom networking with prefixes (the VPC CNI add-on's configuration, the
    # secondary CIDR, prefix reservations) where PrivateLink replaces the NAT,
    # and subnet discovery behind a transit gateway.
    "public-private-nat-none": dict(region="us-west-2", flags=[
        "--architecture", "public-private", "--nat", "none",
        "--addons", "pod-identity,ssm",
        "--pod-secondary-cidr", "100.64.0.0/16", "--prefix-delegation", "true"]),
    "private-only-tgw": dict(region="us-west-2", tgw=True, flags=[
        "--architecture", "private-only", "--egress", "transit-gateway",
        "--vpc-cidr", "10.0.0.0/16", "--pod-secondary-cidr", "10.1.0.0/16",
        "--pod-network-mode", "subnet-discovery"]),
    "fully-private-china": dict(region="cn-north-1", flags=[
        "--architecture", "fully-private", "--region", "cn-north-1",
        "--azs", "cn-north-1a,cn-north-1b", "--private-link", "autoscaling,logs"]),
}

_print = threading.Lock()


def log(*a):
    with _print:
        print("tf-roundtrip:", *a, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Failed(Exception):
    pass


def run(cmd, cwd=None, env=None, ok=(0,)):
    start = time.time()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if p.returncode not in ok:
        raise Failed(f"{' '.join(cmd[:2])} failed (exit {p.returncode}) in {cwd}:\n{p.stdout}\n{p.stderr}")
    return p, time.time() - start


class Moto:
    """A moto server of one's own on a free port (moto_server.py: gaps 5 and 6)."""

    def __init__(self, work):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "moto_server.py"), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "moto.log"), "w"), env=env)
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise Failed("moto server did not start")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def override(endpoint, region):
    eps = "\n".join(f"    {s:<4} = \"{endpoint}\"" for s in SERVICES)
    return f"""# Test only: the provider talks to moto on 127.0.0.1, with dummy credentials.
provider "aws" {{
  region                      = "{region}"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  endpoints {{
{eps}
  }}
}}
"""


# The generated root calls the module that holds every resource.
MODULE = "eksnet"


def follows_cluster(rc):
    """Gap 8: the VPC CNI add-on updated only because its configuration
    values name the security group of a cluster the plan replaces."""
    change = rc["change"]
    before, after = change.get("before") or {}, change.get("after") or {}
    differs = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    return (rc["type"] == "aws_eks_addon" and change["actions"] == ["update"]
            and differs == ["configuration_values"]
            and (change.get("after_unknown") or {}).get("configuration_values") is True)


def resources(tf_dir):
    """(address, type, name) of every resource block of the module the
    generated root calls."""
    found = []
    mod = os.path.join(tf_dir, "modules", MODULE)
    for f in sorted(os.listdir(mod)):
        if f.endswith(".tf"):
            with open(os.path.join(mod, f)) as fh:
                found += re.findall(r'^resource\s+"([a-z0-9_]+)"\s+"([A-Za-z0-9_-]+)"', fh.read(), re.M)
    return [(f"module.{MODULE}.{t}.{n}", t, n) for t, n in found]


class Case:
    def __init__(self, name, spec, ctx):
        self.name, self.spec, self.ctx = name, spec, ctx
        self.work = os.path.join(ctx["work"], name)
        os.makedirs(self.work)

    def tf(self, args, ok=(0,)):
        p, secs = run([self.ctx["terraform"]] + args + ["-no-color"], cwd=self.dir, env=self.env, ok=ok)
        log(f"{self.name}: terraform {args[0]} exit {p.returncode} ({secs:.0f} s)")
        return p

    def state_instances(self, kind):
        with open(os.path.join(self.dir, "terraform.tfstate")) as fh:
            state = json.load(fh)
        return [i["attributes"] for r in state["resources"] if r["mode"] == "managed" and r["type"] == kind
                for i in r["instances"]]

    def retag_tgw_attachments(self, moto, region):
        """Gap 4."""
        attachments = self.state_instances("aws_ec2_transit_gateway_vpc_attachment")
        if not attachments:
            return
        tags = self.state_instances("aws_vpc")[0]["tags"] or {}
        ec2 = boto3.client("ec2", endpoint_url=moto.endpoint, region_name=region)
        ec2.create_tags(Resources=[a["id"] for a in attachments],
                        Tags=[{"Key": k, "Value": v} for k, v in tags.items()])

    def seeded(self, d):
        """The seed's provider and module installation, copied into `d`."""
        for f in (".terraform", ".terraform.lock.hcl"):
            src = os.path.join(self.ctx["seed"], f)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(d, f), symlinks=True)
            else:
                shutil.copy(src, d)

    def add_an_az(self, gen, flags, cluster):
        add_an_az_step(self, gen, flags, cluster)

    def go(self):
        moto = Moto(self.work)
        try:
            self.steps(moto)
        finally:
            moto.stop()

    def steps(self, moto):
        region = self.spec["region"]
        self.env = dict(os.environ, TF_CLI_CONFIG_FILE=self.ctx["cli_config"], TF_IN_AUTOMATION="1",
                        TF_INPUT="0", CHECKPOINT_DISABLE="1", AWS_REGION=region, AWS_DEFAULT_REGION=region)
        flags = list(self.spec["flags"])
        if self.spec.get("tgw"):
            ec2 = boto3.client("ec2", endpoint_url=moto.endpoint, region_name=region)
            tgw = ec2.create_transit_gateway(Description="egress")["TransitGateway"]["TransitGatewayId"]
            flags += ["--transit-gateway-id", tgw]
        cluster = f"tf-{self.name}"
        gen = os.path.join(self.work, "generated")
        run([self.ctx["eksnet"], "generate", "--quiet", "--format", "terraform", "--name", cluster,
             "--out", gen] + flags)
        if self.spec.get("legacy"):
            legacy_layout_step(self, moto, gen)
        # Applied from a copy: the generated directory is never touched.
        self.dir = os.path.join(self.work, "applied")
        shutil.copytree(os.path.join(gen, "terraform"), self.dir)
        self.seeded(self.dir)
        with open(os.path.join(self.dir, "moto_override.tf"), "w") as fh:
            fh.write(override(moto.endpoint, region))

        found = resources(self.dir)
        skipped = sorted(f"{t}.{n}" for _, t, n in found if t in SKIPPED_TYPES)
        targets = [f"-target={a}" for a, t, _ in found if t not in SKIPPED_TYPES]
        log(f"{self.name}: {len(targets)} resource blocks applied; not applied (no moto API): "
            f"{', '.join(skipped) or 'none'}")

        self.tf(["apply", "-auto-approve", "-input=false"] + targets)
        self.retag_tgw_attachments(moto, region)
        out = json.loads(self.tf(["output", "-json"]).stdout)
        vpc_id = out["vpc_id"]["value"]
        assert vpc_id.startswith("vpc-"), out

        # The collection script of the README, then doctor.
        collected = os.path.join(self.work, "collected")
        env = dict(self.env, EKSNET_AWS_ENDPOINT_URL=moto.endpoint, AWS_ACCESS_KEY_ID="test",
                   AWS_SECRET_ACCESS_KEY="test", AWS_EC2_METADATA_DISABLED="true")
        run(["bash", COLLECT, vpc_id, cluster, collected], env=env)
        p, _ = run([self.ctx["eksnet"], "doctor", "--output", "json", collected], ok=(0, 1))
        report = json.loads(p.stdout)
        if p.returncode != 0 or report.get("allNodeSubnetsCanJoin") is not True:
            text, _ = run([self.ctx["eksnet"], "doctor", collected], ok=(0, 1))
            raise Failed(f"doctor (exit {p.returncode}) on the applied VPC:\n{text.stdout}")
        nodes = [s for s in report["topology"]["subnets"] if s.get("nodes")]
        log(f"{self.name}: doctor: healthy, {len(nodes)} node subnet(s) can join")

        # Nothing to change but moto's own drift.
        p = self.tf(["plan", "-input=false", "-detailed-exitcode", "-out=after.tfplan"] + targets, ok=(0, 2))
        plan = json.loads(self.tf(["show", "-json", "after.tfplan"]).stdout)
        unexpected, moto_only = unexpected_changes(plan)
        if unexpected:
            raise Failed("the plan after apply changes:\n  " + "\n  ".join(unexpected))
        log(f"{self.name}: plan: no change to any network resource; moto-only drift on "
            f"{', '.join(moto_only) or 'nothing'}")

        if self.spec.get("add_az"):
            self.add_an_az(gen, flags, cluster)

        self.tf(["destroy", "-auto-approve", "-input=false"])
        left = self.tf(["state", "list"]).stdout.split()
        ec2 = boto3.client("ec2", endpoint_url=moto.endpoint, region_name=region)
        if left or any(v["VpcId"] == vpc_id for v in ec2.describe_vpcs()["Vpcs"]):
            raise Failed(f"destroy left {left or vpc_id}")
        log(f"{self.name}: destroyed (as expected)")


def unexpected_changes(plan):
    """The planned changes beyond moto's own drift (gaps 2, 3 and 8), and the
    addresses of that drift."""
    unexpected, moto_only = [], []
    changes = plan.get("resource_changes", [])
    cluster_replaced = any(rc["type"] == "aws_eks_cluster" and "delete" in rc["change"]["actions"]
                           for rc in changes)
    for rc in changes:
        actions = rc["change"]["actions"]
        if actions in (["no-op"], ["read"]):
            continue
        if cluster_replaced and follows_cluster(rc):
            moto_only.append(rc["address"])
            continue
        paths = sorted(rc["change"].get("replace_paths") or [], key=json.dumps)
        known = KNOWN_DRIFT.get(rc["type"])
        # The node group is create_before_destroy, which Terraform extends
        # to what it depends on (the cluster): its replacement is create
        # then delete.
        replaced = actions in (["delete", "create"], ["create", "delete"])
        if known is not None and replaced and paths == sorted(known, key=json.dumps):
            moto_only.append(rc["address"])
        else:
            unexpected.append(f"{rc['address']}: {actions}, replace paths {paths}")
    return unexpected, moto_only


def legacy_layout_step(case, moto, gen):
    """The upgrade from the layout before the module, when every resource
    was in the root: the module's files, with a provider block, applied as a
    root; then the generated root (its call of the module and moved.tf) over
    that state must move every resource into the module and create, update
    or destroy nothing but moto's own drift. The old roles, named by the
    provider (no name_prefix), are kept."""
    region = case.spec["region"]
    case.dir = os.path.join(case.work, "legacy")
    shutil.copytree(os.path.join(gen, "terraform", "modules", MODULE), case.dir)
    case.seeded(case.dir)
    # Before name_prefix, the provider named the IAM roles itself.
    for f in os.listdir(case.dir):
        if f.endswith(".tf"):
            path = os.path.join(case.dir, f)
            with open(path) as fh:
                text = fh.read()
            with open(path, "w") as fh:
                fh.write(re.sub(r'^  name_prefix = "[^"]*-(cluster|node|flow-logs)-"\n', "", text, flags=re.M))
    with open(os.path.join(case.dir, "provider.tf"), "w") as fh:
        fh.write(f'provider "aws" {{\n  region = "{region}"\n}}\n')
    with open(os.path.join(case.dir, "moto_override.tf"), "w") as fh:
        fh.write(override(moto.endpoint, region))
    found = resources(os.path.join(gen, "terraform"))
    case.tf(["apply", "-auto-approve", "-input=false"]
            + [f"-target={t}.{n}" for _, t, n in found if t not in SKIPPED_TYPES])
    for f in os.listdir(case.dir):
        if f.endswith(".tf"):
            os.remove(os.path.join(case.dir, f))
    shutil.copytree(os.path.join(gen, "terraform"), case.dir, dirs_exist_ok=True)
    with open(os.path.join(case.dir, "moto_override.tf"), "w") as fh:
        fh.write(override(moto.endpoint, region))
    # With -target, Terraform asks for both ends of each move.
    targets = [f"-target={x}" for a, t, n in found if t not in SKIPPED_TYPES for x in (a, f"{t}.{n}")]
    case.tf(["plan", "-input=false", "-out=moved.tfplan"] + targets)
    plan = json.loads(case.tf(["show", "-json", "moved.tfplan"]).stdout)
    unexpected, _ = unexpected_changes(plan)
    if unexpected:
        raise Failed("the root over the old layout's state changes:\n  " + "\n  ".join(unexpected))
    moved = [rc for rc in plan.get("resource_changes", []) if rc.get("previous_address")]
    if not moved or any(not rc["address"].startswith(f"module.{MODULE}.") for rc in moved):
        raise Failed(f"moved.tf moved {[rc['address'] for rc in moved]}")
    case.tf(["destroy", "-auto-approve", "-input=false"])
    log(f"{case.name}: upgrade from the old layout: {len(moved)} resources moved into "
        f"module.{MODULE}, none replaced")


def add_an_az_step(case, gen, flags, cluster):
    """Day two: one more zone, regenerated over the first outputs, whose
    eksnet.lock keeps every subnet where it is. The plan must create the new
    zone's subnets and delete or replace no subnet (nor the VPC); without the
    lock, eksctl's layout would move every private subnet."""
    az = case.spec["add_az"]
    flags = list(flags) + ["--azs", ",".join(f"us-west-2{x}" for x in "abc") + "," + az]
    run([case.ctx["eksnet"], "generate", "--quiet", "--force", "--format", "terraform", "--name", cluster,
         "--out", gen] + flags)
    shutil.copytree(os.path.join(gen, "terraform"), case.dir, dirs_exist_ok=True)
    targets = [f"-target={a}" for a, t, _ in resources(case.dir) if t not in SKIPPED_TYPES]
    case.tf(["plan", "-input=false", "-out=az.tfplan"] + targets)
    plan = json.loads(case.tf(["show", "-json", "az.tfplan"]).stdout)
    changes = plan.get("resource_changes", [])
    moved = [f"{rc['address']}: {rc['change']['actions']}" for rc in changes
             if rc["type"] in ("aws_subnet", "aws_vpc") and "delete" in rc["change"]["actions"]]
    if moved:
        raise Failed(f"adding {az} replaces live subnets:\n  " + "\n  ".join(moved))
    created = sorted(rc["address"] for rc in changes
                     if rc["type"] == "aws_subnet" and rc["change"]["actions"] == ["create"])
    expected = sorted(f'module.{MODULE}.aws_subnet.{t}["{az}"]' for t in ("private", "public"))
    if created != expected:
        raise Failed(f"adding {az} creates subnets {created}, expected {expected}")
    log(f"{case.name}: add an AZ: no subnet replaced; created {', '.join(created)}")


def seed(ctx):
    """`terraform init` once, from the mirror; each case copies the result
    (the provider, and the module the root calls, which every case's root
    calls by the same name from the same place)."""
    d = ctx["seed"]
    gen = os.path.join(ctx["work"], "seed-generated")
    run([ctx["eksnet"], "generate", "--quiet", "--format", "terraform", "--out", gen])
    shutil.copytree(os.path.join(gen, "terraform"), d)
    env = dict(os.environ, TF_CLI_CONFIG_FILE=ctx["cli_config"], CHECKPOINT_DISABLE="1")
    run([ctx["terraform"], "init", "-backend=false", "-input=false", "-no-color"], cwd=d, env=env)


def main():
    ctx = {}
    for key, var in (("eksnet", "EKSNET_BIN"), ("terraform", "EKSNET_TERRAFORM"), ("mirror", "EKSNET_TF_MIRROR")):
        ctx[key] = os.environ.get(var)
        if not ctx[key]:
            raise SystemExit(f"{var} must be set")
    names = [c for c in os.environ.get("EKSNET_TF_ROUNDTRIP_CASES", ",".join(CASES)).split(",") if c]
    for n in names:
        if n not in CASES:
            raise SystemExit(f"no case {n!r}; the cases: {', '.join(CASES)}")
    jobs = int(os.environ.get("EKSNET_TF_ROUNDTRIP_JOBS", "3"))
    # Dummy credentials; never the instance metadata service or a profile.
    os.environ.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_EC2_METADATA_DISABLED="true")
    for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "TF_LOG", "TF_PLUGIN_CACHE_DIR"):
        os.environ.pop(k, None)
    if not shutil.which("aws"):
        raise SystemExit("the aws CLI is not on PATH")
    work = tempfile.mkdtemp(prefix="eksnet-tf-roundtrip-")
    ctx["work"] = work
    ctx["seed"] = os.path.join(work, "seed")
    ctx["cli_config"] = os.path.join(work, "terraform-cli.tfrc")
    mirror = ctx["mirror"].replace("\\", "\\\\").replace('"', '\\"')
    with open(ctx["cli_config"], "w") as fh:
        fh.write(f"""provider_installation {{
  filesystem_mirror {{
    path    = "{mirror}"
    include = ["registry.terraform.io/*/*"]
  }}
  direct {{
    exclude = ["registry.terraform.io/*/*"]
  }}
}}
""")
    failures = []
    try:
        seed(ctx)

        def one(name):
            start = time.time()
            try:
                Case(name, CASES[name], ctx).go()
                log(f"{name}: done in {time.time() - start:.0f} s")
            except Exception as e:  # every case reports, whatever the others do
                failures.append(f"{name}: {type(e).__name__}: {e}")
                log(f"{name}: FAILED after {time.time() - start:.0f} s")

        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, names))
        if failures:
            print("\n\n".join(failures), file=sys.stderr)
            return 1
        return 0
    finally:
        if os.environ.get("EKSNET_TF_ROUNDTRIP_KEEP"):
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
