//! The questions, one function each, in the order the wizard asks them.
//!
//! Each reads its default from the spec being built and writes its answer
//! back into it, so "change my answers" simply asks again with the previous
//! answers as defaults. Nothing here knows about CIDR arithmetic or rules:
//! options and checks come from planning candidate specs.

use super::checks::{errors, errors_of, remarks, About};
use super::prompter::{Aborted, Ask, Prompter};
use super::summary;
use crate::aws::{prices, regions, services};
use crate::diag::Code;
use crate::report::thousands;
use crate::spec::{Architecture, Egress, IpFamily, NatMode, Spec};
use crate::topology::{cidr, plan, Tier};
use std::rc::Rc;

type Answer = Result<(), Aborted>;

/// One line on when to use each architecture.
pub fn architecture_blurb(a: Architecture) -> &'static str {
    match a {
        Architecture::PublicOnly => "public subnets and IPs, no NAT: cheapest; labs and demos",
        Architecture::PublicPrivate => "nodes behind NAT in private subnets: the usual choice",
        Architecture::PrivateOnly => "no public subnets; egress via transit gateway or none",
        Architecture::FullyPrivate => {
            "no internet path, PrivateLink instead: regulated, air-gapped"
        }
    }
}

fn label(key: &str, text: &str) -> String {
    format!("{key:<15} {text}")
}

pub fn architecture(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    let options: Vec<String> = Architecture::ALL
        .iter()
        .map(|a| label(a.as_str(), architecture_blurb(*a)))
        .collect();
    let default = Architecture::ALL
        .iter()
        .position(|a| *a == spec.architecture)
        .unwrap_or(1);
    let i = p.select(
        Ask {
            message: "Architecture",
            help: "↑↓ to move, type to filter, enter to choose",
        },
        &options,
        default,
    )?;
    let chosen = Architecture::ALL[i];
    if chosen != spec.architecture {
        // What one architecture allows another may forbid (NAT, egress,
        // a public endpoint, subnet tiers): start those from its defaults.
        spec.architecture = chosen;
        spec.vpc.nat = None;
        spec.vpc.egress = None;
        spec.vpc.transit_gateway_id = None;
        spec.vpc.public_subnet_prefix = None;
        spec.vpc.private_subnet_prefix = None;
        spec.endpoint_access = Default::default();
        spec.private_link.clear();
    }
    Ok(())
}

/// The cluster's IP family, fixed once the cluster exists.
pub fn ip_family(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    let families = [IpFamily::Ipv4, IpFamily::Ipv6];
    let options = vec![
        label(
            "ipv4",
            "pods and services get IPv4 addresses from the subnets",
        ),
        label(
            "ipv6",
            "pods and services get IPv6: a dual-stack VPC, no pod address exhaustion",
        ),
    ];
    let default = usize::from(spec.ip_family == IpFamily::Ipv6);
    let i = p.select(
        Ask {
            message: "IP family",
            help: "chosen when the cluster is created; it cannot be changed later",
        },
        &options,
        default,
    )?;
    spec.ip_family = families[i];
    if spec.ip_family == IpFamily::Ipv6 {
        // EKS assigns an IPv6 cluster's service range.
        spec.service_ipv4_cidr = None;
    }
    Ok(())
}

pub fn name(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    let base = spec.clone();
    let check = Rc::new(move |s: &str| {
        let mut c = base.clone();
        c.name = s.to_string();
        errors(&c, About::fields(&["name"]))
    });
    let default = spec.name.clone();
    spec.name = p.text(
        Ask {
            message: "Cluster name",
            help: "letters, digits, - and _; it also prefixes every resource name",
        },
        &default,
        check,
    )?;
    Ok(())
}

pub fn region(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    let options: Vec<String> = regions::REGIONS
        .iter()
        .map(|r| r.code.to_string())
        .collect();
    let default = options.iter().position(|c| *c == spec.region).unwrap_or(0);
    let i = p.select(
        Ask {
            message: "Region",
            help: "type to filter, e.g. eu-west-1",
        },
        &options,
        default,
    )?;
    let code = regions::REGIONS[i].code;
    if code != spec.region {
        spec.region = code.to_string();
        spec.vpc.availability_zones.clear();
        spec.private_link.clear();
    }
    Ok(())
}

pub fn zones(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    let region = regions::find(&spec.region).expect("the region was chosen from the table");
    let names = region.az_names();
    let current: Vec<usize> = spec
        .vpc
        .availability_zones
        .iter()
        .filter_map(|az| names.iter().position(|n| n == az))
        .collect();
    let defaults: Vec<usize> = if current.is_empty() {
        (0..names.len().min(3)).collect()
    } else {
        current
    };
    let base = spec.clone();
    let all = names.clone();
    let check = Rc::new(move |picked: &[usize]| {
        let mut c = base.clone();
        c.vpc.availability_zones = picked.iter().map(|i| all[*i].clone()).collect();
        errors(&c, About::fields(&["vpc.availabilityZones"]))
    });
    let picked = p.multi_select(
        Ask {
            message: "Availability zones",
            help: "space to toggle, → all, ← none, enter to accept; EKS needs 2 to 6",
        },
        &names,
        &defaults,
        check,
    )?;
    spec.vpc.availability_zones = picked.iter().map(|i| names[*i].clone()).collect();
    Ok(())
}

pub fn vpc_cidr(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    let mut base = spec.clone();
    base.vpc.public_subnet_prefix = None;
    base.vpc.private_subnet_prefix = None;
    let candidate = base.clone();
    let check = Rc::new(move |s: &str| {
        let mut c = candidate.clone();
        c.vpc.cidr = s.to_string();
        errors(&c, About::fields(&["vpc.cidr", "serviceIpv4Cidr"]))
    });
    let cidr = p.text(
        Ask {
            message: "VPC CIDR",
            help: "an IPv4 block, /16 to /28; keep it clear of networks you peer with",
        },
        &spec.vpc.cidr.clone(),
        check,
    )?;
    *spec = base;
    spec.vpc.cidr = cidr;
    for r in remarks(&plan(spec), About::fields(&["vpc.cidr"])) {
        p.say(&r);
    }
    Ok(())
}

/// The rules that judge a subnet size.
const SIZES: About = About {
    fields: &[
        "vpc.cidr",
        "vpc.publicSubnetPrefix",
        "vpc.privateSubnetPrefix",
        "vpc.subnets",
    ],
    codes: &[
        Code::E012,
        Code::E013,
        Code::E014,
        Code::E017,
        Code::E019,
        Code::E065,
        Code::E066,
    ],
};

fn set_prefix(spec: &mut Spec, tier: Tier, prefix: Option<u8>) {
    match tier {
        Tier::Public => spec.vpc.public_subnet_prefix = prefix,
        Tier::Private => spec.vpc.private_subnet_prefix = prefix,
        Tier::Pod => {
            if let Some(p) = spec.pod_network.as_mut() {
                p.subnet_prefix = prefix;
            }
        }
    }
}

fn prefix_of(spec: &Spec, tier: Tier) -> Option<u8> {
    match tier {
        Tier::Public => spec.vpc.public_subnet_prefix,
        Tier::Private => spec.vpc.private_subnet_prefix,
        Tier::Pod => spec.pod_network.as_ref().and_then(|p| p.subnet_prefix),
    }
}

/// Each size a tier can take (the default layout first), with the usable
/// addresses per subnet it gives, read from the planned topology.
fn size_options(spec: &Spec, tier: Tier) -> Vec<(Option<u8>, String)> {
    let vpc_prefix = spec
        .vpc
        .cidr
        .trim()
        .parse::<ipnet::Ipv4Net>()
        .map_or(16, |n| n.prefix_len());
    let choices = std::iter::once(None).chain((vpc_prefix + 1..=28).map(Some));
    let mut out = Vec::new();
    // The size the default layout gives is offered once, as the default.
    let mut default_size = None;
    for choice in choices {
        if choice.is_some() && choice == default_size {
            continue;
        }
        let mut c = spec.clone();
        set_prefix(&mut c, tier, choice);
        let pl = plan(&c);
        if errors_of(&pl, SIZES).is_err() {
            continue;
        }
        let Some(t) = &pl.topology else { continue };
        let Some(s) = t.subnets.iter().find(|s| s.tier == tier) else {
            continue;
        };
        let each = format!(
            "/{} — {} usable IPs per subnet",
            s.cidr.prefix_len(),
            thousands(s.usable_addresses)
        );
        let text = match choice {
            None => {
                default_size = Some(s.cidr.prefix_len());
                format!("{each} (default layout)")
            }
            Some(_) => each,
        };
        out.push((choice, text));
    }
    out
}

fn tier_size(p: &mut dyn Prompter, spec: &mut Spec, tier: Tier) -> Result<bool, Aborted> {
    let options = size_options(spec, tier);
    if options.is_empty() {
        return Ok(false);
    }
    let current = prefix_of(spec, tier);
    let default = options.iter().position(|(c, _)| *c == current).unwrap_or(0);
    let labels: Vec<String> = options.iter().map(|(_, l)| l.clone()).collect();
    let message = match tier {
        Tier::Public => "Public subnet size",
        Tier::Private => "Private subnet size",
        Tier::Pod => "Pod subnet size",
    };
    let nodes_here = (tier == Tier::Public) == (spec.architecture == Architecture::PublicOnly);
    let help = if nodes_here {
        "nodes run here; with the default VPC CNI each pod takes a VPC address too"
    } else {
        "only load balancers and NAT gateways here: they need few addresses"
    };
    let i = p.select(Ask { message, help }, &labels, default)?;
    set_prefix(spec, tier, options[i].0);
    Ok(true)
}

/// VPC CIDR, then each tier's size, until the user accepts the subnets.
pub fn network(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    loop {
        vpc_cidr(p, spec)?;
        let mut fits = true;
        for tier in [Tier::Public, Tier::Private] {
            let has = match tier {
                Tier::Public => spec.architecture.has_public_subnets(),
                Tier::Private => spec.architecture.has_private_subnets(),
                Tier::Pod => spec
                    .pod_network
                    .as_ref()
                    .is_some_and(|p| p.secondary_cidr.is_some()),
            };
            if has && fits {
                fits = tier_size(p, spec, tier)?;
            }
        }
        let pl = plan(spec);
        match (&pl.topology, fits) {
            (Some(t), true) if errors_of(&pl, SIZES).is_ok() => {
                p.say(&summary::subnets(t));
                let ok = p.confirm(
                    Ask {
                        message: "Use these subnets?",
                        help: "no: choose another VPC CIDR or sizes",
                    },
                    true,
                )?;
                if ok {
                    return Ok(());
                }
            }
            _ => p.say("no subnet layout fits this VPC CIDR; choose a larger one"),
        }
    }
}

pub fn nat(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    if spec.architecture != Architecture::PublicPrivate {
        return Ok(());
    }
    let month = prices::NAT_GATEWAY_HOUR * prices::HOURS_PER_MONTH;
    let azs = spec.vpc.availability_zones.len().max(1);
    let modes = [NatMode::Single, NatMode::PerAz, NatMode::None];
    let options: Vec<String> = modes
        .iter()
        .map(|m| match m {
            NatMode::Single => label(
                "single",
                &format!("one NAT gateway, ~${month:.0}/month: its AZ's failure cuts all egress"),
            ),
            NatMode::PerAz => label(
                "per-az",
                &format!(
                    "one per AZ, ~${:.0}/month for {azs}: an AZ failure stays in that AZ",
                    month * azs as f64
                ),
            ),
            NatMode::None => label(
                "none",
                "no internet for nodes: PrivateLink endpoints replace it",
            ),
        })
        .collect();
    let current = spec.vpc.nat.unwrap_or(NatMode::Single);
    let default = modes.iter().position(|m| *m == current).unwrap_or(0);
    let help = format!(
        "prices: {} hourly rate, {}, plus data processed",
        prices::REGION,
        prices::AS_OF
    );
    let i = p.select(
        Ask {
            message: "NAT gateways",
            help: &help,
        },
        &options,
        default,
    )?;
    spec.vpc.nat = Some(modes[i]);
    Ok(())
}

pub fn egress(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    if spec.architecture != Architecture::PrivateOnly {
        return Ok(());
    }
    let options = vec![
        label(
            "none",
            "no route out: PrivateLink endpoints are added for you",
        ),
        label(
            "transit-gateway",
            "0.0.0.0/0 to your transit gateway (hub NAT or on-premises)",
        ),
    ];
    let default = usize::from(spec.vpc.egress == Some(Egress::TransitGateway));
    let i = p.select(
        Ask {
            message: "Egress from the private subnets",
            help: "where traffic for the internet goes",
        },
        &options,
        default,
    )?;
    if i == 0 {
        spec.vpc.egress = Some(Egress::None);
        spec.vpc.transit_gateway_id = None;
        return Ok(());
    }
    spec.vpc.egress = Some(Egress::TransitGateway);
    let base = spec.clone();
    let check = Rc::new(move |s: &str| {
        let mut c = base.clone();
        c.vpc.transit_gateway_id = Some(s.to_string());
        errors(&c, About::fields(&["vpc.transitGatewayId", "vpc.egress"]))
    });
    let current = spec.vpc.transit_gateway_id.clone().unwrap_or_default();
    let id = p.text(
        Ask {
            message: "Transit gateway ID",
            help: "tgw- and 17 hex digits, e.g. tgw-0123456789abcdef0",
        },
        &current,
        check,
    )?;
    spec.vpc.transit_gateway_id = Some(id);
    Ok(())
}

/// The rules that decide which endpoint accesses an architecture allows.
const ACCESS: About = About {
    fields: &["endpointAccess"],
    codes: &[Code::E030, Code::E031, Code::E032, Code::E061],
};

pub fn endpoint_access(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    let modes = [
        (
            true,
            true,
            "public and private",
            "kubectl from allowed CIDRs; nodes use the private one",
        ),
        (
            false,
            true,
            "private only",
            "the API only from the VPC and networks connected to it",
        ),
        (
            true,
            false,
            "public only",
            "nodes too reach the API over the internet",
        ),
    ];
    let allowed: Vec<_> = modes
        .iter()
        .filter(|(public, private, _, _)| {
            let mut c = spec.clone();
            c.endpoint_access.public = Some(*public);
            c.endpoint_access.private = Some(*private);
            c.endpoint_access.public_cidrs.clear();
            errors(&c, ACCESS).is_ok()
        })
        .collect();
    let chosen = match allowed.as_slice() {
        [] => {
            p.say("no endpoint access works with these answers");
            return Err(Aborted);
        }
        [only] => {
            p.say(&format!(
                "Cluster endpoint: {}, the only access a {} cluster allows here",
                only.2, spec.architecture
            ));
            *only
        }
        many => {
            let current = (
                spec.endpoint_access
                    .public
                    .unwrap_or(spec.architecture != Architecture::FullyPrivate),
                spec.endpoint_access.private.unwrap_or(true),
            );
            let default = many.iter().position(|m| (m.0, m.1) == current).unwrap_or(0);
            let labels: Vec<String> = many
                .iter()
                .map(|m| format!("{:<19} {}", m.2, m.3))
                .collect();
            let i = p.select(
                Ask {
                    message: "Cluster API endpoint access",
                    help: "only the modes this architecture allows are listed",
                },
                &labels,
                default,
            )?;
            many[i]
        }
    };
    spec.endpoint_access.public = Some(chosen.0);
    spec.endpoint_access.private = Some(chosen.1);
    if !chosen.0 {
        spec.endpoint_access.public_cidrs.clear();
    }
    Ok(())
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn public_cidrs(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    if spec.endpoint_access.public != Some(true) {
        return Ok(());
    }
    let about = About {
        fields: &["endpointAccess.publicCidrs"],
        codes: &[Code::E034],
    };
    let base = spec.clone();
    let check = Rc::new(move |s: &str| {
        let mut c = base.clone();
        c.endpoint_access.public_cidrs = split_list(s);
        if c.endpoint_access.public_cidrs.is_empty() {
            return Err("give at least one CIDR (0.0.0.0/0 for anywhere)".to_string());
        }
        errors(&c, about)
    });
    let current = if spec.endpoint_access.public_cidrs.is_empty() {
        cidr::ANY.to_string()
    } else {
        spec.endpoint_access.public_cidrs.join(", ")
    };
    let answer = p.text(
        Ask {
            message: "CIDRs allowed to reach the public endpoint",
            help: "comma-separated, e.g. your office or VPN: 203.0.113.0/24",
        },
        &current,
        check,
    )?;
    spec.endpoint_access.public_cidrs = split_list(&answer);
    for r in remarks(&plan(spec), about) {
        p.say(&r);
    }
    Ok(())
}

/// The rules PrivateLink answers: unknown or unoffered services, and
/// whether nodes can then reach the API, images and credentials.
const PRIVATE_LINK: About = About {
    fields: &["privateLink", "privateLinkExclude"],
    codes: &[Code::E061, Code::E062, Code::W063],
};

pub fn private_link(p: &mut dyn Prompter, spec: &mut Spec) -> Answer {
    let region = regions::find(&spec.region).expect("the region was chosen from the table");
    let mut base = spec.clone();
    base.private_link.clear();
    let required: Vec<String> = plan(&base)
        .topology
        .map(|t| {
            t.endpoints
                .iter()
                .filter(|e| e.required || !e.for_addons.is_empty())
                .map(|e| e.service.clone())
                .collect()
        })
        .unwrap_or_default();
    if !required.is_empty() {
        p.say(&format!(
            "PrivateLink endpoints included because nodes have no route out: {}",
            required.join(", ")
        ));
    }
    let offered: Vec<&services::Service> = services::CATALOG
        .iter()
        .filter(|s| !required.iter().any(|r| r == s.key))
        .filter(|s| s.key != "eks" || region.eks_private_link)
        .collect();
    let labels: Vec<String> = offered.iter().map(|s| label(s.key, s.reason)).collect();
    let defaults: Vec<usize> = offered
        .iter()
        .enumerate()
        .filter(|(_, s)| spec.private_link.iter().any(|k| k == s.key))
        .map(|(i, _)| i)
        .collect();
    let keys: Vec<String> = offered.iter().map(|s| s.key.to_string()).collect();
    let candidate = base.clone();
    let all = keys.clone();
    let check = Rc::new(move |picked: &[usize]| {
        let mut c = candidate.clone();
        c.private_link = picked.iter().map(|i| all[*i].clone()).collect();
        let pl = plan(&c);
        errors_of(&pl, PRIVATE_LINK)
    });
    let help = format!(
        "space toggles; an interface endpoint costs ${}/h per AZ ({}, {})",
        prices::INTERFACE_ENDPOINT_AZ_HOUR,
        prices::REGION,
        prices::AS_OF
    );
    let picked = p.multi_select(
        Ask {
            message: "PrivateLink endpoints to add",
            help: &help,
        },
        &labels,
        &defaults,
        check,
    )?;
    spec.private_link = picked.iter().map(|i| keys[*i].clone()).collect();
    for r in remarks(&plan(spec), PRIVATE_LINK) {
        p.say(&r);
    }
    Ok(())
}
