//! The prices that differ between the architectures, for `compare`.
//!
//! One region's list prices, us-east-1, used as a reference for every
//! region: `compare` says so. Sources, read on `AS_OF`:
//! - Amazon VPC pricing (https://aws.amazon.com/vpc/pricing/): NAT gateway
//!   per hour and per GB processed; public IPv4 addresses, in use or idle,
//!   charged since 2024-02-01;
//! - AWS PrivateLink pricing (https://aws.amazon.com/privatelink/pricing/):
//!   interface endpoint per AZ and hour, and per GB processed (the first PB
//!   a month in a region); gateway endpoints (S3, DynamoDB) cost nothing;
//! - Amazon EC2 on-demand pricing, data transfer within the same region
//!   (https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer_within_the_same_AWS_Region):
//!   across AZs, per GB in each direction;
//! - Amazon EKS pricing (https://aws.amazon.com/eks/pricing/): per cluster
//!   and hour, in standard and in extended support.

pub const REGION: &str = "us-east-1";
pub const AS_OF: &str = "2026-12-06";
/// One NAT gateway, per hour.
pub const NAT_GATEWAY_HOUR: f64 = 0.045;
/// Data a NAT gateway processes, per GB, whichever direction.
pub const NAT_GATEWAY_GB: f64 = 0.045;
/// One interface endpoint in one AZ, per hour.
pub const INTERFACE_ENDPOINT_AZ_HOUR: f64 = 0.01;
/// Data interface endpoints process, per GB (first PB a month).
pub const INTERFACE_ENDPOINT_GB: f64 = 0.01;
/// Data crossing between AZs of a region, per GB, charged in each direction.
pub const CROSS_AZ_GB_EACH_WAY: f64 = 0.01;
/// One public IPv4 address, per hour, in use or idle.
pub const PUBLIC_IPV4_HOUR: f64 = 0.005;
/// One EKS cluster, per hour, while its version is in standard support.
pub const EKS_CLUSTER_HOUR_STANDARD: f64 = 0.10;
/// One EKS cluster, per hour, while its version is in extended support.
pub const EKS_CLUSTER_HOUR_EXTENDED: f64 = 0.60;
/// Hours in the month the monthly figures use (365 × 24 / 12).
pub const HOURS_PER_MONTH: f64 = 730.0;
