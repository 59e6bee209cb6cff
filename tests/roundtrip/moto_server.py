#!/usr/bin/env python3
"""moto's server (`python -m moto.server ARGS`), with four changes that make it
behave as AWS does where the Terraform round trip needs them (see
terraform_moto.py, gaps 1, 5, 6 and 7):
- EKS managed add-ons (CreateAddon, DescribeAddon, ListAddons, DeleteAddon),
  which moto does not implement: kept in memory per cluster, ACTIVE at once,
  gone at once when deleted (the AWS provider waits for both);
- a deleted transit gateway VPC attachment stays visible in state "deleted",
  as in AWS, instead of vanishing at once (the AWS provider waits to see it
  "deleted"; moto's answer never comes, and destroy fails after 21 retries);
- a launch template's own tags (CreateLaunchTemplate's tag specification for
  resource type "launch-template") stay out of its version's data, as in AWS,
  where moto copies them into LaunchTemplateData.TagSpecifications (which
  the next plan would then want to empty again);
- a subnet's IPv6 CIDR association reports its state as AWS does
  ({"State": "associated"}), where moto 5.2.5 nests it one level too deep
  ({"State": {"State": "associated"}}), so the AWS provider, waiting for
  "associated", waits forever on every IPv6 subnet.
"""

import sys
import uuid
from datetime import datetime, timezone

from moto.core.responses import ActionResult
from moto.ec2.models.launch_templates import LaunchTemplateBackend
from moto.ec2.models.subnets import Subnet
from moto.ec2.models.transit_gateway_attachments import TransitGatewayAttachmentBackend
from moto.server import main

_delete = TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment


def delete_transit_gateway_vpc_attachment(self, transit_gateway_attachment_id):
    attachment = _delete(self, transit_gateway_attachment_id=transit_gateway_attachment_id)
    self.transit_gateway_attachments[attachment.id] = attachment  # state "deleted"
    return attachment


TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment = delete_transit_gateway_vpc_attachment

_create_launch_template = LaunchTemplateBackend.create_launch_template


def create_launch_template(self, name, description, template_data, tag_spec):
    # "launch-template" is no resource type of LaunchTemplateData: such an
    # entry can only be the template's own tags, which moto copied there.
    specs = [t for t in template_data.get("TagSpecifications") or []
             if t.get("ResourceType") != "launch-template"]
    if specs:
        template_data["TagSpecifications"] = specs
    else:
        template_data.pop("TagSpecifications", None)
    return _create_launch_template(self, name, description, template_data, tag_spec)


LaunchTemplateBackend.create_launch_template = create_launch_template


def ipv6_cidr_block_association_set(self):
    # The association's own state dict is {"State": "associated"}: report
    # its value, not the dict, under the state.
    return [
        {
            "ipv6CidrBlock": association["ipv6CidrBlock"],
            "associationId": association["associationId"],
            "ipv6CidrBlockState": {"state": association["ipv6CidrBlockState"]["State"]},
        }
        for association in self.ipv6_cidr_block_associations.values()
        if association["ipv6CidrBlockState"]["State"] == "associated"
    ]


Subnet.ipv6_cidr_block_association_set = property(ipv6_cidr_block_association_set)

from moto.eks import urls as eks_urls
from moto.eks.exceptions import ResourceNotFoundException
from moto.eks.responses import EKSResponse

_ADDONS = {}  # (account, region, cluster) -> {name: addon}


def _cluster_addons(response):
    cluster = response._get_param("name")
    try:
        response.eks_backend.describe_cluster(name=cluster)
    except Exception:
        raise ResourceNotFoundException(message=f"No cluster found for name: {cluster}.")
    return cluster, _ADDONS.setdefault((response.current_account, response.region, cluster), {})


def _addon(response):
    cluster, addons = _cluster_addons(response)
    name = response._get_param("addonName")
    if name not in addons:
        raise ResourceNotFoundException(
            clusterName=cluster, addonName=name, message=f"No addon: {name} found in cluster: {cluster}")
    return addons, name


def create_addon(self):
    cluster, addons = _cluster_addons(self)
    name = self._get_param("addonName")
    now = datetime.now(timezone.utc)
    addons[name] = {
        "addonName": name,
        "clusterName": cluster,
        "status": "ACTIVE",
        "addonVersion": self._get_param("addonVersion") or "v1.0.0-eksbuild.1",
        "health": {"issues": []},
        "addonArn": f"arn:aws:eks:{self.region}:{self.current_account}:addon/{cluster}/{name}/{uuid.uuid4()}",
        "createdAt": now,
        "modifiedAt": now,
        "tags": self._get_param("tags") or {},
    }
    if self._get_param("configurationValues") is not None:
        addons[name]["configurationValues"] = self._get_param("configurationValues")
    return ActionResult({"addon": addons[name]})


def describe_addon(self):
    addons, name = _addon(self)
    return ActionResult({"addon": addons[name]})


def delete_addon(self):
    addons, name = _addon(self)
    return ActionResult({"addon": addons.pop(name)})


def list_addons(self):
    _, addons = _cluster_addons(self)
    return ActionResult({"addons": sorted(addons)})


EKSResponse.create_addon = create_addon
EKSResponse.describe_addon = describe_addon
EKSResponse.delete_addon = delete_addon
EKSResponse.list_addons = list_addons
eks_urls.url_paths["{0}/clusters/(?P<name>[^/]+)/addons$"] = eks_urls.response.dispatch
eks_urls.url_paths["{0}/clusters/(?P<name>[^/]+)/addons/(?P<addonName>[^/]+)$"] = eks_urls.response.dispatch

if __name__ == "__main__":
    main(sys.argv[1:])
