#!/usr/bin/env bash
# Collect what `eksnet doctor` reads about one VPC and, optionally, its EKS
# cluster: each AWS CLI call's unmodified JSON, one file per call.
#
#   scripts/collect-vpc.sh VPC_ID [CLUSTER_NAME] [DIR]
#
# Read-only calls (describe-*, list-nodegroups, kubectl get). Region and
# credentials come from the AWS CLI's usual settings (AWS_REGION,
# AWS_PROFILE, ...).
# EKSNET_AWS_ENDPOINT_URL, when set, is passed as --endpoint-url (a local
# test server). Then: eksnet doctor DIR
set -euo pipefail

vpc=${1:?usage: collect-vpc.sh VPC_ID [CLUSTER_NAME] [DIR]}
cluster=${2:-}
dir=${3:-vpc-$vpc}
mkdir -p "$dir"

awscli() { aws ${EKSNET_AWS_ENDPOINT_URL:+--endpoint-url "$EKSNET_AWS_ENDPOINT_URL"} "$@"; }
# Write through a temporary file, so a failed call leaves no half file.
save() {
  local out=$dir/$1
  shift
  if awscli --output json "$@" >"$out.tmp"; then mv "$out.tmp" "$out"; else rm -f "$out.tmp"; return 1; fi
}

by_vpc="Name=vpc-id,Values=$vpc"
save vpcs.json ec2 describe-vpcs --vpc-ids "$vpc"
save subnets.json ec2 describe-subnets --filters "$by_vpc"
save route-tables.json ec2 describe-route-tables --filters "$by_vpc"
save internet-gateways.json ec2 describe-internet-gateways --filters "Name=attachment.vpc-id,Values=$vpc"
# describe-nat-gateways takes --filter, not --filters.
save nat-gateways.json ec2 describe-nat-gateways --filter "$by_vpc"
# Optional: IPv6 egress out of private subnets.
save egress-only-internet-gateways.json ec2 describe-egress-only-internet-gateways ||
  echo "could not list egress-only internet gateways; doctor goes on without them" >&2
save vpc-endpoints.json ec2 describe-vpc-endpoints --filters "$by_vpc"
save security-groups.json ec2 describe-security-groups --filters "$by_vpc"
save network-acls.json ec2 describe-network-acls --filters "$by_vpc"
# describe-vpcs does not show the DNS attributes: one call per attribute.
save vpc-dns-support.json ec2 describe-vpc-attribute --vpc-id "$vpc" --attribute enableDnsSupport
save vpc-dns-hostnames.json ec2 describe-vpc-attribute --vpc-id "$vpc" --attribute enableDnsHostnames
dhcp=$(awscli ec2 describe-vpcs --vpc-ids "$vpc" --query 'Vpcs[0].DhcpOptionsId' --output text)
if [ -n "$dhcp" ] && [ "$dhcp" != "default" ] && [ "$dhcp" != "None" ]; then
  save dhcp-options.json ec2 describe-dhcp-options --dhcp-options-ids "$dhcp"
fi

if [ -n "$cluster" ]; then
  save cluster.json eks describe-cluster --name "$cluster"
  # Optional: the installed EKS managed add-ons (doctor checks their endpoints).
  save addons.json eks list-addons --cluster-name "$cluster" ||
    echo "could not list the cluster's add-ons; doctor goes on without them" >&2
  # Optional: the ENIConfigs of custom networking (doctor reads the pod
  # subnets they name). kubectl's current context must be this cluster.
  if command -v kubectl >/dev/null 2>&1; then
    if kubectl get eniconfigs.crd.k8s.amazonaws.com -o json >"$dir/eniconfigs.json.tmp"; then
      mv "$dir/eniconfigs.json.tmp" "$dir/eniconfigs.json"
      echo "ENIConfigs from kubectl context $(kubectl config current-context 2>/dev/null || echo '(none)')" >&2
    else
      rm -f "$dir/eniconfigs.json.tmp"
      echo "could not list ENIConfigs; doctor takes pod subnets from the kubernetes.io/role/cni tag only" >&2
    fi
  fi
  for ng in $(awscli eks list-nodegroups --cluster-name "$cluster" --query 'nodegroups[]' --output text); do
    save "nodegroup-$ng.json" eks describe-nodegroup --cluster-name "$cluster" --nodegroup-name "$ng"
  done
fi
echo "collected in $dir; now run: eksnet doctor $dir" >&2
