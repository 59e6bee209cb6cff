#!/usr/bin/env python3
"""moto's server (`python -m moto.server ARGS`), with two changes that make it
behave as AWS does where the Terraform round trip needs them (see
terraform_moto.py, gaps 5 and 6):
- a deleted transit gateway VPC attachment stays visible in state "deleted",
  as in AWS, instead of vanishing at once (the AWS provider waits to see it
  "deleted"; moto's answer never comes, and destroy fails after 21 retries);
- a launch template's own tags (CreateLaunchTemplate's tag specification for
  resource type "launch-template") stay out of its version's data, as in AWS,
  where moto copies them into LaunchTemplateData.TagSpecifications (which
  the next plan would then want to empty again).
"""

import sys

from moto.ec2.models.launch_templates import LaunchTemplateBackend
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

if __name__ == "__main__":
    main(sys.argv[1:])
