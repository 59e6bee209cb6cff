//! The JSON the AWS CLI prints for the describe calls `doctor` reads, typed
//! for exactly the fields eksnet uses.
//!
//! Field names and nesting follow the EC2 and EKS API references as the CLI
//! prints them: EC2 in PascalCase (`Subnets[].MapPublicIpOnLaunch`), EKS in
//! camelCase under `cluster` / `nodegroup`. Unknown fields are ignored, so
//! fields AWS adds later and the differences between AWS CLI v1 and v2 pass
//! through; fields whose form differs between them (timestamps: epoch
//! numbers in v1, ISO strings in v2) are simply not typed. Lists the CLI
//! leaves out when empty (`Tags`, `Associations`, ...) default to empty;
//! what eksnet cannot work without is required, and a missing or malformed
//! one is an error naming the file, the item and the field.
//!
//! A file is parsed straight into the items eksnet reads (a large VPC's
//! files hold hundreds of thousands of objects). When that fails, it is
//! parsed again in two steps, the document and then each item of its
//! list, so the error says which item (`Subnets[2] (subnet-0abc)`) holds
//! the bad field without a path-tracking dependency. The straight parse
//! skips the fields eksnet does not read without checking their numbers'
//! range (a `1e400` there is let through, where the whole document would
//! not parse): nothing eksnet reads is let through unchecked.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};

/// A file that could not be read or does not have the shape eksnet needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub file: PathBuf,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for InputError {}

pub type Result<T> = std::result::Result<T, InputError>;

fn err(file: &Path, message: impl Into<String>) -> InputError {
    InputError {
        file: file.to_path_buf(),
        message: message.into(),
    }
}

/// The largest describe-* file read. The largest real ones, subnets and
/// network interfaces of a big shared VPC, are a few MiB; 64 MiB leaves room
/// for any VPC while a wrong path (a disk image, a log) is refused at once.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Read a file as JSON; `None` when it does not exist. Only a regular file
/// of at most [`MAX_FILE_BYTES`] is read: a FIFO or a device is refused
/// before it is opened.
pub fn read_json(path: &Path) -> Result<Option<Value>> {
    match read_text(path)? {
        Some(text) => parse(path, &text).map(Some),
        None => Ok(None),
    }
}

/// A file's text, as [`read_json`] reads it; `None` when it does not exist.
fn read_text(path: &Path) -> Result<Option<String>> {
    let text = match crate::read::bounded_text(path, MAX_FILE_BYTES) {
        Ok(t) => t,
        Err(crate::read::ReadError::NotFound) => return Ok(None),
        Err(e) => return Err(err(path, format!("cannot read: {e}"))),
    };
    if text.trim().is_empty() {
        return Err(err(
            path,
            "is empty (the AWS CLI call that writes it failed?)",
        ));
    }
    Ok(Some(text))
}

fn parse(path: &Path, text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| err(path, format!("is not JSON: {e}")))
}

/// The list under `key` of a describe-* file ([`list`]); `None` when the
/// file does not exist. A well-formed file is parsed straight into the
/// items (a large VPC's files hold hundreds of thousands of objects); any
/// error parses it again in two steps, so the error is [`list`]'s.
pub fn read_list<T: DeserializeOwned>(
    path: &Path,
    key: &str,
    id_field: &str,
) -> Result<Option<Vec<T>>> {
    let Some(text) = read_text(path)? else {
        return Ok(None);
    };
    if let Some(items) = straight::<Vec<T>>(&text, key) {
        return Ok(Some(items));
    }
    list(path, &parse(path, &text)?, key, id_field).map(Some)
}

/// The single object under `key` of a file ([`object`]); `None` when the
/// file does not exist. Parsed straight, as [`read_list`] does: a large
/// node group names 100,000 subnets.
pub fn read_object<T: DeserializeOwned>(path: &Path, key: &str) -> Result<Option<T>> {
    // Unlike [`object`], an empty key is not "the whole document" here.
    debug_assert!(!key.is_empty(), "read_object reads the value under a key");
    let Some(text) = read_text(path)? else {
        return Ok(None);
    };
    if let Some(v) = straight::<T>(&text, key) {
        return Ok(Some(v));
    }
    object(path, &parse(path, &text)?, key).map(Some)
}

/// The value under `key` of a well-formed document; `None` on any error
/// (the caller parses again in two steps to tell it).
fn straight<V: DeserializeOwned>(text: &str, key: &str) -> Option<V> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde::de::Deserializer::deserialize_map(&mut de, Under::<V>::new(key))
        .and_then(|v| de.end().map(|()| v))
        .ok()
        .flatten()
}

/// Visits a document's top-level object for the value under one key (the
/// last one, as a parsed document keeps), skipping the other keys.
struct Under<'k, V> {
    key: &'k str,
    value: std::marker::PhantomData<V>,
}

impl<'k, V> Under<'k, V> {
    fn new(key: &'k str) -> Self {
        Under {
            key,
            value: std::marker::PhantomData,
        }
    }
}

impl<'de, V: DeserializeOwned> serde::de::Visitor<'de> for Under<'_, V> {
    type Value = Option<V>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with `{}`", self.key)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if k == self.key {
                found = Some(map.next_value::<V>()?);
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// The list under `key` of a describe-* document, each item parsed as `T`.
/// `id_field` names the item in errors.
pub fn list<T: DeserializeOwned>(
    path: &Path,
    doc: &Value,
    key: &str,
    id_field: &str,
) -> Result<Vec<T>> {
    let Some(obj) = doc.as_object() else {
        return Err(err(
            path,
            format!("expected a JSON object with `{key}`, found {}", kind(doc)),
        ));
    };
    let Some(items) = obj.get(key) else {
        return Err(err(path, format!("missing field `{key}`")));
    };
    let Some(items) = items.as_array() else {
        return Err(err(
            path,
            format!("`{key}` should be a list, found {}", kind(items)),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            T::deserialize(item).map_err(|e| {
                let id = item
                    .get(id_field)
                    .and_then(Value::as_str)
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                err(path, format!("{key}[{i}]{id}: {}", plain(&e)))
            })
        })
        .collect()
}

/// A single object under `key` (`cluster`, `nodegroup`), or the whole
/// document when `key` is empty.
pub fn object<T: DeserializeOwned>(path: &Path, doc: &Value, key: &str) -> Result<T> {
    let v = if key.is_empty() {
        doc
    } else {
        doc.get(key)
            .ok_or_else(|| err(path, format!("missing field `{key}`")))?
    };
    T::deserialize(v).map_err(|e| {
        let at = if key.is_empty() {
            String::new()
        } else {
            format!("{key}: ")
        };
        err(path, format!("{at}{}", plain(&e)))
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without the "at line 0 column 0" that deserializing
/// from a `Value` appends.
fn plain(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateOnly {
    #[serde(default)]
    pub state: String,
}

// ---- ec2 describe-vpcs: {"Vpcs": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    pub vpc_id: String,
    pub cidr_block: String,
    #[serde(default)]
    pub cidr_block_association_set: Vec<CidrBlockAssociation>,
    #[serde(default)]
    pub ipv6_cidr_block_association_set: Vec<Ipv6CidrBlockAssociation>,
    #[serde(default)]
    pub dhcp_options_id: Option<String>,
}

/// An IPv6 block of a VPC or subnet (`Ipv6CidrBlockAssociationSet[]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6CidrBlockAssociation {
    pub ipv6_cidr_block: String,
    #[serde(default)]
    pub ipv6_cidr_block_state: Option<StateOnly>,
}

impl Ipv6CidrBlockAssociation {
    /// Associated (or no state given); not disassociated or failed.
    pub fn live(&self) -> bool {
        self.ipv6_cidr_block_state
            .as_ref()
            .is_none_or(|s| s.state == "associated" || s.state.is_empty())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockAssociation {
    pub cidr_block: String,
    #[serde(default)]
    pub cidr_block_state: Option<StateOnly>,
}

// ---- ec2 describe-subnets: {"Subnets": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    pub subnet_id: String,
    pub vpc_id: String,
    pub cidr_block: String,
    pub availability_zone: String,
    pub available_ip_address_count: u64,
    pub map_public_ip_on_launch: bool,
    #[serde(default)]
    pub ipv6_cidr_block_association_set: Vec<Ipv6CidrBlockAssociation>,
    #[serde(default)]
    pub assign_ipv6_address_on_creation: bool,
    #[serde(default, rename = "EnableDns64")]
    pub enable_dns64: bool,
    /// `arn:<partition>:ec2:<region>:<account>:subnet/<id>`: where eksnet
    /// learns the region and partition when there is no cluster.json.
    #[serde(default)]
    pub subnet_arn: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

// ---- ec2 describe-route-tables: {"RouteTables": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    pub route_table_id: String,
    pub vpc_id: String,
    #[serde(default)]
    pub associations: Vec<RouteTableAssociation>,
    #[serde(default)]
    pub routes: Vec<Route>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableAssociation {
    #[serde(default)]
    pub main: bool,
    /// Absent for the main route table's implicit association and for
    /// gateway associations.
    #[serde(default)]
    pub subnet_id: Option<String>,
    #[serde(default)]
    pub association_state: Option<StateOnly>,
}

/// One route: a destination and whichever target field is set.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    #[serde(default)]
    pub destination_cidr_block: Option<String>,
    #[serde(default)]
    pub destination_ipv6_cidr_block: Option<String>,
    #[serde(default)]
    pub destination_prefix_list_id: Option<String>,
    /// `local`, `igw-...`, `vgw-...`, `vpce-...` (gateway endpoints).
    #[serde(default)]
    pub gateway_id: Option<String>,
    #[serde(default)]
    pub nat_gateway_id: Option<String>,
    #[serde(default)]
    pub transit_gateway_id: Option<String>,
    #[serde(default)]
    pub vpc_peering_connection_id: Option<String>,
    #[serde(default)]
    pub instance_id: Option<String>,
    #[serde(default)]
    pub network_interface_id: Option<String>,
    #[serde(default)]
    pub egress_only_internet_gateway_id: Option<String>,
    #[serde(default)]
    pub local_gateway_id: Option<String>,
    #[serde(default)]
    pub carrier_gateway_id: Option<String>,
    #[serde(default)]
    pub core_network_arn: Option<String>,
    /// `active` or `blackhole` (the target is gone).
    #[serde(default)]
    pub state: Option<String>,
}

impl Route {
    /// The route's target as AWS names it.
    pub fn target(&self) -> Option<&str> {
        [
            &self.nat_gateway_id,
            &self.transit_gateway_id,
            &self.gateway_id,
            &self.vpc_peering_connection_id,
            &self.instance_id,
            &self.network_interface_id,
            &self.egress_only_internet_gateway_id,
            &self.local_gateway_id,
            &self.carrier_gateway_id,
            &self.core_network_arn,
        ]
        .into_iter()
        .find_map(|f| f.as_deref())
    }
}

// ---- ec2 describe-egress-only-internet-gateways: {"EgressOnlyInternetGateways": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EgressOnlyInternetGateway {
    pub egress_only_internet_gateway_id: String,
    /// `attached` once attached, with the VPC (the same shape as an
    /// internet gateway's).
    #[serde(default)]
    pub attachments: Vec<IgwAttachment>,
}

// ---- ec2 describe-internet-gateways: {"InternetGateways": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    pub internet_gateway_id: String,
    #[serde(default)]
    pub attachments: Vec<IgwAttachment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IgwAttachment {
    pub vpc_id: String,
    /// `available` once attached.
    #[serde(default)]
    pub state: String,
}

// ---- ec2 describe-nat-gateways: {"NatGateways": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGateway {
    pub nat_gateway_id: String,
    /// pending | failed | available | deleting | deleted
    pub state: String,
    /// Zonal NAT gateways only; a regional one sits in no subnet.
    #[serde(default)]
    pub subnet_id: Option<String>,
    #[serde(default)]
    pub vpc_id: Option<String>,
    /// `public` (default) or `private` (no internet access).
    #[serde(default)]
    pub connectivity_type: Option<String>,
    /// `zonal` (default) or `regional`.
    #[serde(default)]
    pub availability_mode: Option<String>,
    #[serde(default)]
    pub nat_gateway_addresses: Vec<NatGatewayAddress>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGatewayAddress {
    #[serde(default)]
    pub public_ip: Option<String>,
}

// ---- ec2 describe-vpc-endpoints: {"VpcEndpoints": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpoint {
    pub vpc_endpoint_id: String,
    /// Interface | Gateway | GatewayLoadBalancer | ...
    pub vpc_endpoint_type: String,
    pub vpc_id: String,
    /// None for the endpoints of VPC Lattice (types `Resource` and
    /// `ServiceNetwork`), which name a resource configuration or a service
    /// network by ARN instead.
    #[serde(default)]
    pub service_name: Option<String>,
    /// `available`, `pending`, ... (the API documents capitalised values;
    /// compared case-insensitively).
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub route_table_ids: Vec<String>,
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    #[serde(default)]
    pub groups: Vec<SecurityGroupIdentifier>,
    #[serde(default)]
    pub private_dns_enabled: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupIdentifier {
    pub group_id: String,
}

// ---- ec2 describe-security-groups: {"SecurityGroups": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    pub group_id: String,
    #[serde(default)]
    pub ip_permissions: Vec<IpPermission>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermission {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` for all.
    pub ip_protocol: String,
    #[serde(default)]
    pub from_port: Option<i64>,
    #[serde(default)]
    pub to_port: Option<i64>,
    #[serde(default)]
    pub ip_ranges: Vec<IpRange>,
    #[serde(default)]
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

impl IpPermission {
    /// Admits TCP port `port`.
    pub fn admits_tcp(&self, port: i64) -> bool {
        match self.ip_protocol.as_str() {
            "-1" => true,
            "tcp" | "6" => match (self.from_port, self.to_port) {
                (Some(f), Some(t)) => (f == -1 && t == -1) || (f <= port && port <= t),
                _ => true,
            },
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    pub cidr_ip: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserIdGroupPair {
    #[serde(default)]
    pub group_id: Option<String>,
}

// ---- ec2 describe-network-acls: {"NetworkAcls": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAcl {
    pub network_acl_id: String,
    pub vpc_id: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub associations: Vec<NetworkAclAssociation>,
    #[serde(default)]
    pub entries: Vec<NetworkAclEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclAssociation {
    pub subnet_id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntry {
    pub rule_number: u32,
    /// A protocol number as a string; `-1` for all.
    pub protocol: String,
    /// `allow` or `deny`.
    pub rule_action: String,
    pub egress: bool,
    /// Absent on IPv6 entries.
    #[serde(default)]
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub port_range: Option<PortRange>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

// ---- ec2 describe-dhcp-options: {"DhcpOptions": [...]}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DhcpOptions {
    pub dhcp_options_id: String,
    #[serde(default)]
    pub dhcp_configurations: Vec<DhcpConfiguration>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DhcpConfiguration {
    pub key: String,
    #[serde(default)]
    pub values: Vec<AttributeValue>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeValue {
    pub value: String,
}

// ---- kubectl get eniconfigs.crd.k8s.amazonaws.com -o json: {"items": [...]}

/// An ENIConfig (the VPC CNI's custom resource for custom networking):
/// which subnet and security groups the pods of the nodes that select it
/// get their network interfaces in.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EniConfig {
    pub metadata: EniConfigMetadata,
    #[serde(default)]
    pub spec: EniConfigSpec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EniConfigMetadata {
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EniConfigSpec {
    #[serde(default)]
    pub subnet: Option<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
}

// ---- ec2 describe-vpc-attribute: {"VpcId": ..., "EnableDnsSupport": {"Value": true}}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DnsSupportAttribute {
    pub enable_dns_support: BooleanValue,
}

/// `aws eks list-addons`: the installed EKS managed add-ons' names.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddonList {
    pub addons: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DnsHostnamesAttribute {
    pub enable_dns_hostnames: BooleanValue,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BooleanValue {
    pub value: bool,
}

// ---- eks describe-cluster: {"cluster": {...}}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub name: String,
    /// `arn:<partition>:eks:<region>:<account>:cluster/<name>`.
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    pub resources_vpc_config: ResourcesVpcConfig,
    #[serde(default)]
    pub kubernetes_network_config: Option<KubernetesNetworkConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourcesVpcConfig {
    pub subnet_ids: Vec<String>,
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    #[serde(default)]
    pub cluster_security_group_id: Option<String>,
    #[serde(default)]
    pub vpc_id: Option<String>,
    pub endpoint_public_access: bool,
    pub endpoint_private_access: bool,
    #[serde(default)]
    pub public_access_cidrs: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KubernetesNetworkConfig {
    #[serde(default)]
    pub service_ipv4_cidr: Option<String>,
    /// `ipv4` or `ipv6`.
    #[serde(default)]
    pub ip_family: Option<String>,
}

// ---- eks describe-nodegroup: {"nodegroup": {...}}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Nodegroup {
    pub nodegroup_name: String,
    pub subnets: Vec<String>,
    #[serde(default)]
    pub instance_types: Option<Vec<String>>,
    #[serde(default)]
    pub scaling_config: Option<ScalingConfig>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingConfig {
    #[serde(default)]
    pub min_size: u32,
    #[serde(default)]
    pub max_size: u32,
    #[serde(default)]
    pub desired_size: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_item_and_the_field() {
        let doc: Value = serde_json::from_str(
            r#"{"Subnets":[{"SubnetId":"subnet-1","VpcId":"vpc-1","CidrBlock":"10.0.0.0/24",
                "AvailabilityZone":"us-west-2a","MapPublicIpOnLaunch":false}]}"#,
        )
        .unwrap();
        let e = list::<Subnet>(Path::new("subnets.json"), &doc, "Subnets", "SubnetId")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "subnets.json: Subnets[0] (subnet-1): missing field `AvailableIpAddressCount`"
        );
    }

    #[test]
    fn unknown_fields_and_timestamps_of_either_cli_pass() {
        for created in ["1700000000.123", "\"2023-11-14T22:13:20.123000+00:00\""] {
            let doc: Value = serde_json::from_str(&format!(
                r#"{{"NatGateways":[{{"NatGatewayId":"nat-1","State":"available","CreateTime":{created},
                    "SomethingNew":{{"x":1}},"NatGatewayAddresses":[{{"PublicIp":"203.0.113.5","IsPrimary":true}}]}}]}}"#
            ))
            .unwrap();
            let n: Vec<NatGateway> = list(
                Path::new("nat-gateways.json"),
                &doc,
                "NatGateways",
                "NatGatewayId",
            )
            .unwrap();
            assert_eq!(
                n[0].nat_gateway_addresses[0].public_ip.as_deref(),
                Some("203.0.113.5")
            );
        }
    }

    #[test]
    fn a_file_read_straight_gives_what_the_two_steps_give() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("subnets.json");
        let good = r#"{"Other":[1,{"a":"\u0041"}],"Subnets":[{"SubnetId":"subnet-1","VpcId":"vpc-1",
            "CidrBlock":"10.0.0.0/24","AvailabilityZone":"us-west-2a","AvailableIpAddressCount":5,
            "MapPublicIpOnLaunch":false,"New":{"x":[]}}],"NextToken":null}"#;
        std::fs::write(&path, good).unwrap();
        let fast: Vec<Subnet> = read_list(&path, "Subnets", "SubnetId").unwrap().unwrap();
        let doc: Value = serde_json::from_str(good).unwrap();
        let slow: Vec<Subnet> = list(&path, &doc, "Subnets", "SubnetId").unwrap();
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
        // A bad item, a missing key, trailing text: the two-step errors.
        for (text, message) in [
            (
                good.replace("\"AvailableIpAddressCount\":5,", ""),
                "Subnets[0] (subnet-1): missing field `AvailableIpAddressCount`",
            ),
            (r#"{"Vpcs":[]}"#.to_string(), "missing field `Subnets`"),
            (
                format!("{good} x"),
                "is not JSON: trailing characters at line 3 column 76",
            ),
        ] {
            std::fs::write(&path, &text).unwrap();
            let e = read_list::<Subnet>(&path, "Subnets", "SubnetId").unwrap_err();
            assert_eq!(e.message, message);
        }
        assert!(
            read_list::<Subnet>(&dir.path().join("none.json"), "Subnets", "SubnetId")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn an_object_read_straight_gives_what_the_two_steps_give() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nodegroup-a.json");
        let good = r#"{"nodegroup":{"nodegroupName":"a","subnets":["subnet-1"],
            "scalingConfig":{"minSize":1,"maxSize":3,"desiredSize":2},"new":[1]},"x":{}}"#;
        std::fs::write(&path, good).unwrap();
        let fast: Nodegroup = read_object(&path, "nodegroup").unwrap().unwrap();
        let doc: Value = serde_json::from_str(good).unwrap();
        let slow: Nodegroup = object(&path, &doc, "nodegroup").unwrap();
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
        for (text, message) in [
            (
                good.replace(r#""subnets":["subnet-1"],"#, ""),
                "nodegroup: missing field `subnets`",
            ),
            (r#"{"cluster":{}}"#.to_string(), "missing field `nodegroup`"),
            (
                format!("{good},"),
                "is not JSON: trailing characters at line 2 column 89",
            ),
        ] {
            std::fs::write(&path, &text).unwrap();
            let e = read_object::<Nodegroup>(&path, "nodegroup").unwrap_err();
            assert_eq!(e.message, message);
        }
        let none = read_object::<Nodegroup>(&dir.path().join("none.json"), "nodegroup");
        assert!(none.unwrap().is_none());
    }

    #[test]
    fn wrong_type_is_named() {
        let doc: Value = serde_json::from_str(r#"{"Vpcs": {"VpcId": "vpc-1"}}"#).unwrap();
        let e = list::<Vpc>(Path::new("vpcs.json"), &doc, "Vpcs", "VpcId").unwrap_err();
        assert_eq!(e.message, "`Vpcs` should be a list, found an object");
    }

    #[test]
    fn security_group_ports() {
        let p = |proto: &str, f: Option<i64>, t: Option<i64>| IpPermission {
            ip_protocol: proto.into(),
            from_port: f,
            to_port: t,
            ip_ranges: vec![],
            user_id_group_pairs: vec![],
        };
        assert!(p("-1", None, None).admits_tcp(443));
        assert!(p("tcp", Some(443), Some(443)).admits_tcp(443));
        assert!(p("tcp", Some(0), Some(65535)).admits_tcp(443));
        assert!(!p("tcp", Some(80), Some(80)).admits_tcp(443));
        assert!(!p("udp", Some(443), Some(443)).admits_tcp(443));
    }
}
