#!/usr/bin/env python3
"""moto's server (`python -m moto.server ARGS`), with one change that makes it
behave as AWS does where the Terraform round trip needs it (see
terraform_moto.py, gap 5): a deleted transit gateway VPC attachment stays
visible in state "deleted", as in AWS, instead of vanishing at once (the AWS
provider waits to see it "deleted"; moto's answer never comes, and destroy
fails after 21 retries).
"""

import sys

from moto.ec2.models.transit_gateway_attachments import TransitGatewayAttachmentBackend
from moto.server import main

_delete = TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment


def delete_transit_gateway_vpc_attachment(self, transit_gateway_attachment_id):
    attachment = _delete(self, transit_gateway_attachment_id=transit_gateway_attachment_id)
    self.transit_gateway_attachments[attachment.id] = attachment  # state "deleted"
    return attachment


TransitGatewayAttachmentBackend.delete_transit_gateway_vpc_attachment = delete_transit_gateway_vpc_attachment

if __name__ == "__main__":
    main(sys.argv[1:])
