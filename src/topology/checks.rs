//! Checks of the spec's values, made while planning where each value is
//! parsed: every problem becomes a diagnostic naming the spec key.

use super::cidr;
use super::limits;
use super::model::*;
use super::names::node_group_name;
use crate::aws::ami::{self, Mismatch};
use crate::aws::regions;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::spec::{Architecture, IpFamily, Spec};
use ipnet::{Ipv4Net, Ipv6Net};

pub(super) fn valid_tgw(id: &str) -> bool {
    id.strip_prefix("tgw-").is_some_and(|h| {
        (h.len() == 8 || h.len() == 17)
            && h.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    })
}

pub(super) fn check_name(name: &str, d: &mut Diagnostics) {
    let first_ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !first_ok || !rest_ok || name.len() > 100 {
        let why = if name.is_empty() {
            "the cluster name is empty".to_string()
        } else if name.len() > 100 {
            format!(
                "the cluster name is {} characters long (at most 100)",
                name.len()
            )
        } else {
            format!("the cluster name {name:?} has characters EKS does not allow")
        };
        d.push(Diagnostic::new(Code::E002, why).at("name"));
        return;
    }
    let ng = node_group_name(name);
    if ng.len() > 63 {
        d.push(
            Diagnostic::new(
                Code::E070,
                format!(
                    "the node group name `{ng}` would be {} characters (at most 63)",
                    ng.len()
                ),
            )
            .at("name")
            .fix("use a cluster name of at most 57 characters"),
        );
    }
}

pub(super) fn check_azs(
    region: &regions::Region,
    azs: &[String],
    d: &mut Diagnostics,
) -> Option<Vec<Az>> {
    let mut ok = true;
    if !(2..=6).contains(&azs.len()) {
        d.push(
            Diagnostic::new(
                Code::E004,
                format!("{} availability zone(s) given; EKS needs 2 to 6", azs.len()),
            )
            .at("vpc.availabilityZones"),
        );
        ok = false;
    }
    let mut out = Vec::new();
    let mut kinds = Vec::new();
    for (i, az) in azs.iter().enumerate() {
        let field = format!("vpc.availabilityZones[{i}]");
        if azs[..i].contains(az) {
            d.push(Diagnostic::new(Code::E006, format!("`{az}` is listed twice")).at(field));
            ok = false;
            continue;
        }
        match region.classify(az) {
            regions::AzKind::Foreign => {
                d.push(
                    Diagnostic::new(
                        Code::E005,
                        format!("`{az}` is not a zone of {}", region.code),
                    )
                    .at(field)
                    .fix(format!("use one of {}", region.az_names().join(", "))),
                );
                ok = false;
            }
            kind => {
                let is_id = kind == regions::AzKind::Id;
                if is_id && regions::UNSUPPORTED_AZ_IDS.contains(&az.as_str()) {
                    d.push(
                        Diagnostic::new(Code::E007, format!("EKS does not support the zone {az}"))
                            .at(field),
                    );
                    ok = false;
                }
                kinds.push(is_id);
                out.push(Az {
                    name: az.clone(),
                    is_id,
                });
            }
        }
    }
    if kinds.iter().any(|k| *k) && kinds.iter().any(|k| !*k) {
        d.push(
            Diagnostic::new(Code::E008, "availability zones mix names and IDs")
                .at("vpc.availabilityZones"),
        );
        ok = false;
    }
    ok.then_some(out)
}

pub(super) fn check_service_cidr(
    spec: &Spec,
    vpc: Option<Ipv4Net>,
    d: &mut Diagnostics,
) -> Option<Ipv4Net> {
    let field = "serviceIpv4Cidr";
    let svc = match &spec.service_ipv4_cidr {
        Some(s) => cidr::parse(s, field, d)?,
        None => vpc.map_or(cidr::SERVICE_CIDR, |v| cidr::default_service_cidr(&v)),
    };
    let mut ok = true;
    if !cidr::PRIVATE_RANGES.iter().any(|p| p.contains(&svc)) {
        d.push(
            Diagnostic::new(
                Code::E020,
                format!(
                    "service CIDR {svc} is outside 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16"
                ),
            )
            .at(field),
        );
        ok = false;
    }
    if !(12..=24).contains(&svc.prefix_len()) {
        d.push(
            Diagnostic::new(
                Code::E021,
                format!(
                    "service CIDR {svc} is /{}; EKS allows /12 to /24",
                    svc.prefix_len()
                ),
            )
            .at(field),
        );
        ok = false;
    }
    if let Some(v) = vpc {
        if cidr::overlaps(&v, &svc) {
            d.push(
                Diagnostic::new(
                    Code::E022,
                    format!("service CIDR {svc} overlaps the VPC {v}"),
                )
                .at(field),
            );
            ok = false;
        }
    }
    ok.then_some(svc)
}

/// Public access, private access, the public CIDRs and (IPv6 clusters)
/// the public IPv6 CIDRs.
pub(super) type Access = (bool, bool, Vec<Ipv4Net>, Vec<Ipv6Net>);

pub(super) fn check_endpoint_access(
    spec: &Spec,
    arch: Architecture,
    d: &mut Diagnostics,
) -> Option<Access> {
    let e = &spec.endpoint_access;
    let public = e.public.unwrap_or(arch != Architecture::FullyPrivate);
    let private = e.private.unwrap_or(true);
    let mut ok = true;
    if !public && !private {
        d.push(
            Diagnostic::new(
                Code::E030,
                "endpoint access is off both publicly and privately",
            )
            .at("endpointAccess"),
        );
        ok = false;
    }
    if public && !private && !arch.has_public_subnets() {
        // private-only and fully-private: no internet gateway, so the nodes'
        // only way to the API is the private endpoint (EKS guide, private clusters).
        d.push(
            Diagnostic::new(Code::E032, format!("private access is off in a {arch} VPC"))
                .at("endpointAccess.private"),
        );
        ok = false;
    }
    if public && arch == Architecture::FullyPrivate {
        d.push(
            Diagnostic::new(
                Code::E031,
                "the public endpoint is on in a fully private cluster",
            )
            .at("endpointAccess.public"),
        );
        ok = false;
    }
    let ipv6 = spec.ip_family == IpFamily::Ipv6;
    let (mut cidrs, mut cidrs6, parsed) = public_cidrs(spec, d);
    ok &= parsed;
    if !public && !e.public_cidrs.is_empty() {
        d.push(
            Diagnostic::new(
                Code::E036,
                "`publicCidrs` is set but the public endpoint is off",
            )
            .at("endpointAccess.publicCidrs"),
        );
        ok = false;
    }
    // Default to 0.0.0.0/0 only when none were given (not when the given
    // ones failed to parse: E010 says so, and W033 would be false).
    // EKS's own default, which for an IPv6 cluster admits ::/0 too.
    if public && e.public_cidrs.is_empty() {
        cidrs.push(cidr::ANY);
        if ipv6 {
            cidrs6.push(super::ipv6::ANY6);
        }
    }
    if !public {
        cidrs.clear();
        cidrs6.clear();
    }
    if ipv6 && public && !private && !cidrs6.contains(&super::ipv6::ANY6) {
        d.push(
            Diagnostic::new(
                Code::E104,
                "private access is off and the public endpoint does not admit ::/0: nodes may reach it from IPv6 addresses known only once deployed",
            )
            .at("endpointAccess.publicCidrs"),
        );
        ok = false;
    }

    limits::check_public_cidrs(&cidrs, d);
    // ::/0 is as open as 0.0.0.0/0.
    let open: Vec<&str> = [
        (cidrs.iter().any(cidr::is_any), "0.0.0.0/0"),
        (cidrs6.contains(&super::ipv6::ANY6), "::/0"),
    ]
    .into_iter()
    .filter_map(|(on, c)| on.then_some(c))
    .collect();
    if !open.is_empty() {
        d.push(
            Diagnostic::new(
                Code::W033,
                format!("the public endpoint admits {}", open.join(" and ")),
            )
            .at("endpointAccess.publicCidrs"),
        );
    } else if limits::admits_most_of_the_internet(&cidrs) {
        d.push(
            Diagnostic::new(
                Code::W033,
                "the public endpoint's CIDRs together admit half of all IPv4 addresses or more",
            )
            .at("endpointAccess.publicCidrs"),
        );
    }
    ok.then_some((public, private, cidrs, cidrs6))
}

/// The spec's public CIDRs, IPv4 and (an IPv6 cluster's public endpoint is
/// dual-stack) IPv6, and whether every one parsed.
fn public_cidrs(spec: &Spec, d: &mut Diagnostics) -> (Vec<Ipv4Net>, Vec<Ipv6Net>, bool) {
    let mut ok = true;
    let (mut cidrs, mut cidrs6) = (Vec::new(), Vec::new());
    let ipv6 = spec.ip_family == IpFamily::Ipv6;
    for (i, c) in spec.endpoint_access.public_cidrs.iter().enumerate() {
        let field = format!("endpointAccess.publicCidrs[{i}]");
        if ipv6 && c.contains(':') {
            match c.parse::<Ipv6Net>() {
                Ok(n) if n == n.trunc() => cidrs6.push(n),
                _ => {
                    d.push(
                        Diagnostic::new(Code::E010, format!("`{c}` is not an IPv6 CIDR block"))
                            .at(field)
                            .fix("write an IPv6 network address and prefix length, e.g. 2001:db8::/32 or ::/0"),
                    );
                    ok = false;
                }
            }
            continue;
        }
        match cidr::parse(c, &field, d) {
            Some(n) => cidrs.push(n),
            None => ok = false,
        }
    }
    (cidrs, cidrs6, ok)
}

pub(super) fn check_node_group(spec: &Spec, d: &mut Diagnostics) -> bool {
    let g = &spec.node_group;
    let mut ok = true;
    if !(g.min_size <= g.desired_size && g.desired_size <= g.max_size && g.max_size >= 1) {
        d.push(
            Diagnostic::new(
                Code::E068,
                format!(
                    "minSize {} ≤ desiredSize {} ≤ maxSize {} does not hold (maxSize ≥ 1)",
                    g.min_size, g.desired_size, g.max_size
                ),
            )
            .at("nodeGroup"),
        );
        ok = false;
    }
    if g.instance_types.is_empty() || g.instance_types.len() > 20 {
        d.push(
            Diagnostic::new(
                Code::E069,
                format!(
                    "{} instance types given; a node group takes 1 to 20",
                    g.instance_types.len()
                ),
            )
            .at("nodeGroup.instanceTypes"),
        );
        ok = false;
    }
    for (i, t) in g.instance_types.iter().enumerate() {
        let valid = t.split_once('.').is_some_and(|(fam, size)| {
            !fam.is_empty()
                && !size.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        });
        if !valid {
            d.push(
                Diagnostic::new(Code::E069, format!("`{t}` is not an instance type"))
                    .at(format!("nodeGroup.instanceTypes[{i}]")),
            );
            ok = false;
        }
    }
    ok
}

/// The AMI type the node group's instance types need; E084 when no one
/// AMI type boots them all.
pub(super) fn check_ami_type(spec: &Spec, d: &mut Diagnostics) -> Option<&'static str> {
    let why = match ami::ami_type(&spec.node_group.instance_types) {
        Ok(ami_type) => return Some(ami_type),
        Err(Mismatch::Arch { x86_64, arm64 }) => {
            format!("`{x86_64}` is x86_64 and `{arm64}` is arm64 (Graviton)")
        }
        Err(Mismatch::Accelerators { nvidia, neuron }) => {
            format!("`{nvidia}` needs an NVIDIA AMI and `{neuron}` a Neuron AMI")
        }
    };
    d.push(
        Diagnostic::new(
            Code::E084,
            format!("{why}: no one AMI type boots both in a node group"),
        )
        .at("nodeGroup.instanceTypes"),
    );
    None
}

pub(super) fn check_tags(spec: &Spec, d: &mut Diagnostics) {
    // Room for the tags eksnet adds itself: Name, a role tag and Karpenter's.
    if spec.tags.len() > 47 {
        d.push(
            Diagnostic::new(
                Code::E071,
                format!(
                    "{} tags given; with eksnet's own at most 47 fit in AWS's 50",
                    spec.tags.len()
                ),
            )
            .at("tags"),
        );
    }
    for (k, v) in &spec.tags {
        let field = format!("tags.{k}");
        if k.is_empty() || k.chars().count() > 128 {
            d.push(
                Diagnostic::new(
                    Code::E071,
                    format!("tag key {k:?} must be 1 to 128 characters"),
                )
                .at(field),
            );
        } else if k.to_ascii_lowercase().starts_with("aws:") {
            d.push(
                Diagnostic::new(
                    Code::E071,
                    format!("tag key {k:?} uses the reserved prefix `aws:`"),
                )
                .at(field),
            );
        } else if v.chars().count() > 256 {
            d.push(
                Diagnostic::new(
                    Code::E071,
                    format!("the value of tag {k:?} is longer than 256 characters"),
                )
                .at(field),
            );
        } else if let Some(c) = k.chars().find(|&c| !tag_char(c)) {
            d.push(bad_tag_char(format!("tag key {k:?}"), c).at(field));
        } else if let Some(c) = v.chars().find(|&c| !tag_char(c)) {
            d.push(bad_tag_char(format!("the value of tag {k:?}"), c).at(field));
        } else if k == "Name" {
            d.push(
                Diagnostic::new(
                    Code::E071,
                    "the `Name` tag is set by eksnet for each resource",
                )
                .at(field)
                .fix("remove the `Name` tag"),
            );
        }
    }
}

/// Whether AWS accepts `c` in a tag key or value: the IAM and EC2 APIs
/// take `[\p{L}\p{Z}\p{N}_.:/=+\-@]`, and CloudFormation validates IAM role
/// tags against it, so one tag list that every resource can carry keeps to it.
pub(super) fn tag_char(c: char) -> bool {
    static ALLOWED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = ALLOWED.get_or_init(|| {
        regex::Regex::new(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]$").expect("a valid pattern")
    });
    re.is_match(c.encode_utf8(&mut [0; 4]))
}

pub(super) fn bad_tag_char(what: String, c: char) -> Diagnostic {
    Diagnostic::new(
        Code::E071,
        format!(
            "{what} holds {c:?} (U+{:04X}), which AWS does not accept in tags",
            c as u32
        ),
    )
    .fix("use only letters, digits, spaces and _ . : / = + - @")
}

/// How to mend a principal ARN that is not a role's or a user's: an
/// assumed-role session names its role; the root and groups get no access
/// entry.
fn principal_fix(parts: &[&str]) -> String {
    match parts {
        [_, p, "sts", _, account, rest] if rest.starts_with("assumed-role/") => {
            let role = rest["assumed-role/".len()..]
                .split('/')
                .next()
                .unwrap_or("ROLE");
            format!("use the role's ARN, `arn:{p}:iam::{account}:role/{role}` (with its path, if it has one), not a session's")
        }
        [_, _, "iam", _, _, "root"] => {
            "the account root gets no access entry: list an IAM role or user".into()
        }
        [_, _, "iam", _, _, rest] if rest.starts_with("group/") => {
            "groups get no access entry: list the roles or users themselves".into()
        }
        _ => Code::E073.rule().fix.into(),
    }
}

pub(super) fn check_principals(spec: &Spec, partition: &str, d: &mut Diagnostics) {
    for (i, arn) in spec.admin_principal_arns.iter().enumerate() {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let ok = parts.len() == 6
            && parts[0] == "arn"
            && parts[1] == partition
            && parts[2] == "iam"
            && parts[3].is_empty()
            && parts[4].len() == 12
            && parts[4].chars().all(|c| c.is_ascii_digit())
            && (parts[5].starts_with("role/") || parts[5].starts_with("user/"))
            && parts[5].len() > 5
            && !arn.chars().any(|c| c.is_whitespace() || c.is_control());
        if !ok {
            d.push(
                Diagnostic::new(
                    Code::E073,
                    format!("`{arn}` is not an IAM role or user ARN of partition {partition}"),
                )
                .at(format!("adminPrincipalArns[{i}]"))
                .fix(principal_fix(&parts)),
            );
        }
    }
}
