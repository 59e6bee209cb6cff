//! Hourly prices that differ between the architectures, for `compare`.
//!
//! Source: Amazon VPC pricing page (NAT gateway, public IPv4 address since
//! 2024-02-01) and AWS PrivateLink pricing page, us-east-1, read 2026-11.
//! Other regions cost more or less; `compare` says so.

pub const REGION: &str = "us-east-1";
pub const AS_OF: &str = "2026-11";
/// One NAT gateway, per hour (data processing extra).
pub const NAT_GATEWAY_HOUR: f64 = 0.045;
/// One interface endpoint in one AZ, per hour (data processing extra).
pub const INTERFACE_ENDPOINT_AZ_HOUR: f64 = 0.01;
/// One public IPv4 address, per hour, in use or idle.
pub const PUBLIC_IPV4_HOUR: f64 = 0.005;
