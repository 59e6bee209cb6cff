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

And six in moto's CloudFormation, so that eksnet's IPv6 template deploys there
(doctor_moto.py); each is what AWS does, and moto 5.2.5 does not:
- AWS::EC2::VPCCidrBlock (moto/cloudformation/parsing.py knows no such type):
  associates the block with the VPC, an Amazon-provided IPv6 /56 here;
- Fn::Cidr (parsing.py's clean_json has no case for it): the first `count`
  blocks of `cidrBits` host bits in the given block;
- AWS::EC2::VPC's Ipv6CidrBlocks attribute (moto/ec2/models/vpcs.py,
  VPC.get_cfn_attribute, has only CidrBlock, CidrBlockAssociations,
  DefaultSecurityGroup and VpcId): the VPC's IPv6 blocks, none before one is
  associated, so a subnet created before its VPC's block fails to select one,
  as in AWS;
- AWS::EC2::Subnet's Ipv6CidrBlock and AssignIpv6AddressOnCreation
  (moto/ec2/models/subnets.py, Subnet.create_from_cloudformation_json, reads
  only VpcId, CidrBlock, AvailabilityZone and Tags): the subnet gets its /64,
  and then assigns IPv6 on creation;
- AWS::EC2::EgressOnlyInternetGateway (moto/ec2/models/internet_gateways.py
  has the gateway, not its CloudFormation type);
- AWS::EC2::Route's DestinationIpv6CidrBlock (moto/ec2/models/route_tables.py,
  Route.create_from_cloudformation_json, passes only DestinationCidrBlock);
and one in its order of creation: moto/cloudformation/models.py's create_stack
reads a new stack's exports before it creates the stack's resources, and an
exported output's Ref creates its resource on the spot, ahead of what that
resource DependsOn (a subnet before its VPC's IPv6 block); the resources are
created in their dependency order first, as AWS does.
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

import ipaddress
import itertools

import moto.cloudformation.parsing as cfn_parsing
from moto.core.common_models import CloudFormationModel
from moto.ec2.models import ec2_backends
from moto.ec2.models.route_tables import Route
from moto.ec2.models.vpcs import VPC


class VPCCidrBlock(CloudFormationModel):
    """AWS::EC2::VPCCidrBlock: a CIDR block associated with a VPC."""

    # moto files every model under the service its module names (EC2).
    __module__ = "moto.ec2.models.vpcs"

    def __init__(self, association):
        self.association = association

    @property
    def physical_resource_id(self):
        return self.association["association_id"]

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::EC2::VPCCidrBlock"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json["Properties"]
        backend = ec2_backends[account_id][region_name]
        return cls(backend.associate_vpc_cidr_block(
            props["VpcId"], props.get("CidrBlock"), bool(props.get("AmazonProvidedIpv6CidrBlock"))))


class EgressOnlyInternetGatewayModel(CloudFormationModel):
    """AWS::EC2::EgressOnlyInternetGateway, over moto's EC2 gateway."""

    __module__ = "moto.ec2.models.internet_gateways"

    def __init__(self, gateway):
        self.gateway = gateway

    @property
    def physical_resource_id(self):
        return self.gateway.id

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::EC2::EgressOnlyInternetGateway"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        backend = ec2_backends[account_id][region_name]
        return cls(backend.create_egress_only_internet_gateway(cloudformation_json["Properties"]["VpcId"]))


_clean_json = cfn_parsing.clean_json


def clean_json(resource_json, resources_map):
    # parsing.py's own recursion finds this one through the module.
    if isinstance(resource_json, dict) and "Fn::Cidr" in resource_json:
        block, count, bits = (clean_json(v, resources_map) for v in resource_json["Fn::Cidr"])
        net = ipaddress.ip_network(block)
        blocks = net.subnets(new_prefix=net.max_prefixlen - int(bits))
        return [str(b) for b in itertools.islice(blocks, int(count))]
    return _clean_json(resource_json, resources_map)


cfn_parsing.clean_json = clean_json

_vpc_attribute = VPC.get_cfn_attribute


def vpc_cfn_attribute(self, attribute_name):
    if attribute_name == "Ipv6CidrBlocks":
        return [c["cidr_block"] for c in self.get_cidr_block_association_set(ipv6=True)]
    return _vpc_attribute(self, attribute_name)


VPC.get_cfn_attribute = vpc_cfn_attribute

_subnet_from_cfn = Subnet.create_from_cloudformation_json.__func__


def subnet_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    subnet = _subnet_from_cfn(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    props = cloudformation_json["Properties"]
    backend = ec2_backends[account_id][region_name]
    if props.get("Ipv6CidrBlock"):
        backend.associate_subnet_cidr_block(subnet.id, props["Ipv6CidrBlock"])
    if props.get("AssignIpv6AddressOnCreation"):
        backend.modify_subnet_attribute(subnet.id, "assign_ipv6_address_on_creation", True)
    return subnet


Subnet.create_from_cloudformation_json = classmethod(subnet_from_cloudformation_json)

_route_from_cfn = Route.create_from_cloudformation_json.__func__


def route_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json["Properties"]
    if "DestinationIpv6CidrBlock" not in props:
        return _route_from_cfn(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    return ec2_backends[account_id][region_name].create_route(
        route_table_id=props["RouteTableId"],
        destination_cidr_block=None,
        destination_ipv6_cidr_block=props["DestinationIpv6CidrBlock"],
        gateway_id=props.get("GatewayId"),
        egress_only_igw_id=props.get("EgressOnlyInternetGatewayId"),
    )


Route.create_from_cloudformation_json = classmethod(route_from_cloudformation_json)

from moto.cloudformation.models import Stack

_stack_exports = Stack.exports.fget


def stack_exports(self):
    if not getattr(self, "_resources_in_order", False):
        self._resources_in_order = True
        self.resource_map.create(self.template_dict)
    return _stack_exports(self)


Stack.exports = property(stack_exports)

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
