//! Fixes as AWS CLI commands, on the IDs of the imported VPC.
//!
//! Each broken path carries its causes (`reach::Cause`); each cause maps to
//! a remedy, which is one or more commands, or words where no single command
//! does it (creating a NAT gateway needs an Elastic IP first). Alternatives
//! are listed in the order to prefer them: the one that repairs what is
//! plainly broken first (a route removed, auto-assign turned off), then
//! private access and PrivateLink endpoints.
//!
//! Flags as in the AWS CLI reference: ec2 modify-subnet-attribute
//! (--map-public-ip-on-launch), create-route / replace-route
//! (--route-table-id, --destination-cidr-block, --nat-gateway-id |
//! --gateway-id), create-vpc-endpoint (--vpc-id, --service-name,
//! --vpc-endpoint-type, --subnet-ids, --security-group-ids,
//! --route-table-ids, --private-dns-enabled), modify-vpc-endpoint
//! (--vpc-endpoint-id, --add-route-table-ids, --private-dns-enabled),
//! authorize-security-group-ingress (--group-id, --protocol, --port, --cidr),
//! modify-vpc-attribute (one attribute per call, `'{"Value":true}'`),
//! create-network-acl-entry (--network-acl-id, --egress | --ingress,
//! --rule-number, --protocol, --port-range From=,To=, --cidr-block,
//! --rule-action), eks update-cluster-config (--name,
//! --resources-vpc-config endpointPrivateAccess=true).
//!
//! Every value from the input is one shell word in a command: resource IDs
//! have AWS's syntax (checked at import, `import/ids.rs`), and each value
//! still goes through `text::shell_word`, which single-quotes a free-form
//! one (a cluster name, a region read from an ARN).

use super::import::Imported;
use super::nacl::Denied;
use crate::aws::services;
use crate::diag::{Code, Diagnostic};
use crate::hash::HashMap;
use crate::text::shell_word as w;
use crate::topology::capacity::{self, SubnetNeed};
use crate::topology::reach::{self, Cause, EndpointProblem};
use crate::topology::{cidr, lpm, EndpointKind, RouteTable, RouteTarget, Subnet, Tier, Topology};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One way to repair a path: what it does, and the commands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Remedy {
    pub summary: String,
    pub commands: Vec<String>,
    /// The services whose VPC endpoint it also creates. Creating one is a
    /// VPC-wide command, said once in the report (`EndpointToCreate`): a
    /// gateway endpoint's names every node route table, so repeating it per
    /// subnet made a large VPC's report subnets × route tables long.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub create_endpoints: Vec<String>,
}

impl Remedy {
    fn new(summary: impl Into<String>, commands: Vec<String>) -> Remedy {
        Remedy {
            summary: summary.into(),
            commands,
            create_endpoints: Vec::new(),
        }
    }

    /// How the remedy reads as one finding's fix, which may be read alone
    /// (in SARIF or Code Quality): its summary, its commands, and the
    /// endpoints to create, by name, with where each report gives their
    /// commands.
    pub fn as_fix(&self) -> String {
        let mut fix = format!("{}:\n{}", self.summary, self.commands.join("\n"));
        if !self.create_endpoints.is_empty() {
            if !self.commands.is_empty() {
                fix.push('\n');
            }
            let (findings, give, them) = match self.create_endpoints.len() {
                1 => ("finding", "gives its command", "it"),
                _ => ("findings", "give their commands", "them"),
            };
            let on: Vec<String> = self
                .create_endpoints
                .iter()
                .map(|s| format!("`endpoint {s}`"))
                .collect();
            fix.push_str(&format!(
                "{} (the N131 {findings} on {} in SARIF and Code Quality {give}; the text report lists {them} under \"VPC endpoints to create\", the JSON under `endpointsToCreate`)",
                self.create_what(),
                on.join(", ")
            ));
        }
        fix
    }

    /// "create the ecr.api, s3 endpoints (their commands are under
    /// "VPC endpoints to create" above)", when it creates any: the text
    /// report's line.
    pub fn create_line(&self) -> Option<String> {
        let whose = match self.create_endpoints.len() {
            0 => return None,
            1 => "its command is",
            _ => "their commands are",
        };
        Some(format!(
            "{} ({whose} under \"VPC endpoints to create\" above)",
            self.create_what()
        ))
    }

    /// "create the ecr.api, s3 endpoints".
    fn create_what(&self) -> String {
        let what = if self.create_endpoints.len() == 1 {
            "endpoint"
        } else {
            "endpoints"
        };
        format!("create the {} {what}", self.create_endpoints.join(", "))
    }
}

/// A VPC endpoint that fixes of broken paths create, and the one command
/// that creates it for the whole VPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointToCreate {
    pub service: String,
    pub command: String,
    /// An interface endpoint's security group (an ID, or `SG-ID` where the
    /// input names none that fits), and why that one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_reason: Option<String>,
    /// A subnet's first fix creates it; else only an alternative (`or:`,
    /// after a route or setting that repairs the path) does.
    pub in_first_fix: bool,
}

impl EndpointToCreate {
    /// The endpoint as a finding of its own (N131), for one that a first
    /// fix creates: SARIF and Code Quality are read finding by finding,
    /// each with its path's first fix, which names the endpoint without
    /// its command. The fix is the command, then why its security group
    /// as a shell comment; the message, which the finding's fingerprint
    /// hashes, names the service only.
    pub(super) fn finding(&self) -> Diagnostic {
        debug_assert!(
            self.in_first_fix,
            "{}: only an alternative fix creates it",
            self.service
        );
        let mut fix = self.command.clone();
        if let Some(why) = &self.security_group_reason {
            fix.push_str("\n# security group: ");
            fix.push_str(why);
        }
        Diagnostic::new(
            Code::N131,
            format!(
                "the {} VPC endpoint is missing: the first fix of node subnets' broken-path findings creates it",
                self.service
            ),
        )
        .on(format!("endpoint {}", self.service))
        .fix(fix)
    }
}

pub struct Fixer<'a> {
    pub imp: &'a Imported,
    /// Subnets by ID.
    subnets: HashMap<&'a str, &'a Subnet>,
    /// Route tables by ID: each broken subnet of a large VPC looks its
    /// table up, among thousands.
    route_tables: HashMap<&'a str, &'a RouteTable>,
    /// What holds for the whole VPC, found on first use: every broken
    /// subnet of a large VPC asks the same.
    security_group: OnceLock<(String, String)>,
    endpoint_subnets: OnceLock<Vec<String>>,
    node_route_tables: OnceLock<Vec<String>>,
    /// The capacity planner's need of each node and pod subnet, by ID.
    needs: OnceLock<HashMap<String, SubnetNeed>>,
}

impl<'a> Fixer<'a> {
    pub fn new(imp: &'a Imported) -> Fixer<'a> {
        Fixer {
            imp,
            // The first of a repeated ID, as `Topology::subnet` finds it.
            subnets: imp.topology.subnets_by_id(),
            // The first of a repeated ID, as `Topology::route_table` finds it.
            route_tables: imp
                .topology
                .route_tables
                .iter()
                .rev()
                .map(|r| (r.id.as_str(), r))
                .collect(),
            security_group: OnceLock::new(),
            endpoint_subnets: OnceLock::new(),
            node_route_tables: OnceLock::new(),
            needs: OnceLock::new(),
        }
    }

    fn t(&self) -> &'a Topology {
        &self.imp.topology
    }

    fn subnet(&self, id: &str) -> Option<&'a Subnet> {
        self.subnets.get(id).copied()
    }

    fn route_table(&self, id: &str) -> Option<&'a RouteTable> {
        self.route_tables.get(id).copied()
    }

    /// Whether route table `rt` sends the internet to an internet gateway.
    fn default_to_igw(&self, rt: &str) -> bool {
        reach::internet_via_igw(self.t(), self.route_table(rt), &lpm::internet())
    }

    /// What the capacity planner says subnet `id` needs, planned once for
    /// all findings (one W064 per subnet of a large VPC asks it).
    fn need(&self, id: &str) -> Option<&SubnetNeed> {
        self.needs
            .get_or_init(|| {
                let mut by_id = HashMap::default();
                for n in capacity::needs(self.t()) {
                    by_id.entry(n.subnet.clone()).or_insert(n);
                }
                by_id
            })
            .get(id)
    }

    fn cluster(&self) -> &str {
        self.imp.cluster_name.as_deref().unwrap_or("CLUSTER-NAME")
    }

    /// A NAT gateway nodes can be routed to: usable, with its own way out,
    /// in `az` if there is one there.
    fn live_nat(&self, az: &str) -> Option<&str> {
        let t = self.t();
        let works =
            |n: &&crate::topology::NatGateway| match n.subnet.as_ref().and_then(|s| self.subnet(s))
            {
                Some(s) => self.default_to_igw(&s.route_table),
                None => t.internet_gateway.is_some(),
            };
        let usable: Vec<_> = t.nat_gateways.iter().filter(works).collect();
        usable
            .iter()
            .find(|n| n.az == az)
            .or(usable.first())
            .map(|n| n.id.as_str())
    }

    /// What sends all of the internet from route table `rt` to `to` (a
    /// target flag and its ID): each route that sends part of it elsewhere
    /// (by longest prefix match) is replaced, and 0.0.0.0/0 created when
    /// part of it has no route. `keep` is a target already right. The
    /// destinations changed, and the commands.
    fn route_internet(
        &self,
        rt: &str,
        to: &str,
        keep: Option<&RouteTarget>,
    ) -> (Vec<String>, Vec<String>) {
        let t = self.t();
        let local: Vec<_> = t.vpc.cidrs().copied().collect();
        let mut dests = Vec::new();
        let mut commands = Vec::new();
        for way in reach::internet_ways(&local, self.route_table(rt), &lpm::internet()) {
            if way.target.is_some() && way.target.as_ref() == keep {
                continue;
            }
            let (verb, blocks) = match way.target {
                None => ("create-route", vec![cidr::ANY]),
                Some(_) => ("replace-route", way.destinations),
            };
            for b in blocks {
                dests.push(b.to_string());
                commands.push(format!(
                    "aws ec2 {verb} --route-table-id {} --destination-cidr-block {b} {to}",
                    w(rt)
                ));
            }
        }
        (dests, commands)
    }

    fn route_to_nat(&self, rt: &str, az: &str) -> Option<Remedy> {
        let nat = self.live_nat(az)?;
        let main = if self.route_table(rt).is_some_and(|r| r.main) {
            " (the VPC's main route table, used by every subnet without an explicit association)"
        } else {
            ""
        };
        let keep = RouteTarget::NatGateway(nat.to_string());
        let (dests, commands) =
            self.route_internet(rt, &format!("--nat-gateway-id {}", w(nat)), Some(&keep));
        if commands.is_empty() {
            return None;
        }
        Some(Remedy::new(
            format!(
                "route {} of {rt}{main} to NAT gateway {nat}",
                dests.join(", ")
            ),
            commands,
        ))
    }

    /// The remedy for a way out of the subnet, when there is one.
    fn egress(&self, s: &Subnet, cause: &Cause) -> Option<Remedy> {
        let t = self.t();
        match cause {
            Cause::NoPublicIp { subnet } => Some(Remedy::new(
                format!("turn on auto-assign public IPv4 for {subnet} (nodes launched afterwards get public IPs)"),
                vec![format!(
                    "aws ec2 modify-subnet-attribute --subnet-id {} --map-public-ip-on-launch",
                    w(subnet)
                )],
            )),
            Cause::NoDefaultRoute { route_table }
            | Cause::MissingNat { route_table, .. }
            | Cause::Unfollowable { route_table, .. } => {
                if let Some(r) = self.route_to_nat(route_table, &s.az) {
                    return Some(r);
                }
                if s.tier == Tier::Public || t.internet_gateway.is_none() {
                    return None;
                }
                let (dests, routes) =
                    self.route_internet(route_table, "--nat-gateway-id NAT-GATEWAY-ID", None);
                let mut commands = vec![
                    "aws ec2 allocate-address --domain vpc".into(),
                    "aws ec2 create-nat-gateway --subnet-id PUBLIC-SUBNET-ID --allocation-id EIPALLOC-ID".into(),
                ];
                commands.extend(routes);
                Some(Remedy::new(
                    format!(
                        "create a NAT gateway in a public subnet, then route {} to it",
                        dests.join(", ")
                    ),
                    commands,
                ))
            }
            Cause::NoInternetGateway { route_table } => {
                let (dests, routes) = self.route_internet(route_table, "--gateway-id IGW-ID", None);
                let mut commands = vec![
                    "aws ec2 create-internet-gateway".into(),
                    format!("aws ec2 attach-internet-gateway --vpc-id {} --internet-gateway-id IGW-ID", w(&self.imp.vpc_id)),
                ];
                commands.extend(routes);
                Some(Remedy::new(
                    format!("attach an internet gateway to {} and route {route_table}'s {} to it", self.imp.vpc_id, dests.join(", ")),
                    commands,
                ))
            }
            Cause::NatWithoutInternet { nat } => {
                let n = t.nat_gateway(nat)?;
                let igw = t.internet_gateway.as_ref()?.id.clone()?;
                let ns = self.subnet(n.subnet.as_ref()?)?;
                let (dests, commands) = self.route_internet(
                    &ns.route_table,
                    &format!("--gateway-id {}", w(&igw)),
                    Some(&RouteTarget::InternetGateway),
                );
                Some(Remedy::new(
                    format!("route {} of {} (NAT gateway {nat}'s subnet {}) to the internet gateway", dests.join(", "), ns.route_table, ns.id),
                    commands,
                ))
            }
            Cause::NoIpv6Route { route_table } => Some(self.ipv6_route(s, route_table)),
            Cause::LocalOverridden {
                route_table,
                destinations,
            } => Some(Remedy::new(
                format!("delete the routes of {route_table} that take VPC addresses away from the local route"),
                delete_routes(route_table, destinations),
            )),
            _ => None,
        }
    }

    /// `::/0` to the internet gateway (public subnets) or to an
    /// egress-only internet gateway (private ones), created when missing.
    fn ipv6_route(&self, s: &Subnet, route_table: &str) -> Remedy {
        let t = self.t();
        let (gateway, option, id) = if s.tier == Tier::Public {
            let id = t.internet_gateway.as_ref().and_then(|g| g.id.clone());
            ("the internet gateway", "--gateway-id", id)
        } else {
            let id = t
                .egress_only_internet_gateway
                .as_ref()
                .and_then(|g| g.id.clone());
            (
                "an egress-only internet gateway",
                "--egress-only-internet-gateway-id",
                id,
            )
        };
        let mut commands = Vec::new();
        let id = id.map(|i| w(&i).to_string()).unwrap_or_else(|| {
            if s.tier != Tier::Public {
                commands.push(format!(
                    "aws ec2 create-egress-only-internet-gateway --vpc-id {}",
                    w(&self.imp.vpc_id)
                ));
            }
            "GATEWAY-ID".into()
        });
        commands.push(format!(
            "aws ec2 create-route --route-table-id {} --destination-ipv6-cidr-block ::/0 {option} {id}",
            w(route_table)
        ));
        Remedy::new(
            format!("route ::/0 of {route_table} to {gateway}"),
            commands,
        )
    }

    fn private_access(&self) -> Remedy {
        let mut r = Remedy::new(
            "turn on private endpoint access: nodes then reach the API inside the VPC",
            vec![format!(
                "aws eks update-cluster-config --name {} --resources-vpc-config endpointPrivateAccess=true",
                w(self.cluster())
            )],
        );
        r.commands.extend(self.dns_commands());
        r
    }

    fn dns_commands(&self) -> Vec<String> {
        let t = self.t();
        let mut out = Vec::new();
        // Hostnames can be turned on only once support is on.
        if !t.vpc.enable_dns_support {
            out.push(format!(
                "aws ec2 modify-vpc-attribute --vpc-id {} --enable-dns-support '{{\"Value\":true}}'",
                w(&self.imp.vpc_id)
            ));
        }
        if !t.vpc.enable_dns_hostnames {
            out.push(format!(
                "aws ec2 modify-vpc-attribute --vpc-id {} --enable-dns-hostnames '{{\"Value\":true}}'",
                w(&self.imp.vpc_id)
            ));
        }
        out
    }

    /// A security group for a new interface endpoint: one an existing
    /// interface endpoint uses that admits every node subnet, else the
    /// cluster security group (managed nodes carry it, and it admits its
    /// own members), else a placeholder.
    fn endpoint_security_group(&self) -> &(String, String) {
        self.security_group
            .get_or_init(|| self.find_endpoint_security_group())
    }

    fn find_endpoint_security_group(&self) -> (String, String) {
        let t = self.t();
        let nodes: Vec<&Subnet> = t.node_subnets().collect();
        for ep in t
            .endpoints
            .iter()
            .filter(|e| e.kind == EndpointKind::Interface)
        {
            let admitted = cidr::Cover::new(ep.ingress(t));
            let admits = nodes.iter().all(|s| admitted.contains(&s.cidr));
            if admits {
                if let Some(g) = ep.security_groups.first() {
                    return (
                        g.clone(),
                        format!(
                            "{g} is the {} endpoint's, which admits the node subnets",
                            ep.service
                        ),
                    );
                }
            }
        }
        match &self.imp.cluster_security_group {
            Some(g) => (
                g.clone(),
                format!("{g} is the cluster security group, which managed nodes carry and which admits its members"),
            ),
            None => (
                "SG-ID".into(),
                "SG-ID: a security group admitting TCP 443 from the node subnets".into(),
            ),
        }
    }

    /// One node subnet per AZ: an interface endpoint takes one subnet per AZ.
    fn endpoint_subnets(&self) -> &[String] {
        self.endpoint_subnets.get_or_init(|| {
            let mut by_az: BTreeMap<&str, &str> = BTreeMap::new();
            for s in self.t().node_subnets() {
                by_az.entry(&s.az).or_insert(&s.id);
            }
            by_az.values().map(|s| w(s).into_owned()).collect()
        })
    }

    fn node_route_tables(&self) -> &[String] {
        self.node_route_tables.get_or_init(|| {
            let mut rts: Vec<String> = self
                .t()
                .node_subnets()
                .map(|s| w(&s.route_table).into_owned())
                .collect();
            rts.sort();
            rts.dedup();
            rts
        })
    }

    /// The endpoint service's name, as one shell word (the region and
    /// partition come from the input); none where no source confirms the
    /// name in China.
    fn service_name(&self, service: &str) -> Option<String> {
        let t = self.t();
        let name = match services::find(service) {
            Some(s) => services::service_name(s, &t.region, &t.partition)?,
            None => format!("com.amazonaws.{}.{service}", t.region),
        };
        Some(w(&name).into_owned())
    }

    /// The service's endpoint for the whole VPC, and the command that
    /// creates it; none where no source confirms the service's name.
    pub fn create_endpoint(&self, service: &str) -> Option<EndpointToCreate> {
        let name = self.service_name(service)?;
        let vpc = w(&self.imp.vpc_id);
        Some(match kind(service) {
            EndpointKind::Gateway => EndpointToCreate {
                service: service.to_string(),
                command: format!(
                    "aws ec2 create-vpc-endpoint --vpc-id {vpc} --service-name {name} --vpc-endpoint-type Gateway --route-table-ids {}",
                    self.node_route_tables().join(" ")
                ),
                security_group: None,
                security_group_reason: None,
                in_first_fix: false,
            },
            EndpointKind::Interface => {
                let (group, why) = self.endpoint_security_group();
                EndpointToCreate {
                    service: service.to_string(),
                    command: format!(
                        "aws ec2 create-vpc-endpoint --vpc-id {vpc} --service-name {name} --vpc-endpoint-type Interface --subnet-ids {} --security-group-ids {} --private-dns-enabled",
                        self.endpoint_subnets().join(" "),
                        w(group)
                    ),
                    security_group: Some(group.clone()),
                    security_group_reason: Some(why.clone()),
                    in_first_fix: false,
                }
            }
        })
    }

    /// The command that makes an existing endpoint serve the subnet (a
    /// missing one is created VPC-wide: `create_endpoint`).
    pub fn endpoint(&self, service: &str, problem: &EndpointProblem) -> Option<String> {
        let t = self.t();
        let ep = t.endpoint(service);
        let id = ep.and_then(|e| e.endpoint_id.clone());
        match problem {
            EndpointProblem::Missing => self.create_endpoint(service).map(|e| e.command),
            EndpointProblem::PrivateDnsOff => Some(format!(
                "aws ec2 modify-vpc-endpoint --vpc-endpoint-id {} --private-dns-enabled",
                w(&id?)
            )),
            EndpointProblem::IngressBlocked { subnet } => {
                let sg = ep?.security_groups.first()?;
                let cidr = self.subnet(subnet)?.cidr;
                Some(format!(
                    "aws ec2 authorize-security-group-ingress --group-id {} --protocol tcp --port 443 --cidr {cidr}",
                    w(sg)
                ))
            }
            EndpointProblem::NotOnRouteTable { route_table } => Some(format!(
                "aws ec2 modify-vpc-endpoint --vpc-endpoint-id {} --add-route-table-ids {}",
                w(&id?),
                w(route_table)
            )),
            EndpointProblem::RoutedAway {
                route_table,
                destinations,
            } => Some(delete_routes(route_table, destinations).join("\n")),
        }
    }

    /// The remedies of one broken path, best first.
    pub fn remedies(&self, s: &Subnet, causes: &[Cause], is_api: bool) -> Vec<Remedy> {
        let c = &self.t().cluster;
        let mut out: Vec<Remedy> = Vec::new();
        let mut endpoint_cmds = Vec::new();
        let mut create = Vec::new();
        // Missing services whose endpoint name no source confirms here.
        let mut unnamed = Vec::new();
        let mut needs_private_access = false;
        let mut needs_dns = false;
        for cause in causes {
            match cause {
                Cause::Endpoint {
                    service,
                    problem: EndpointProblem::Missing,
                } => {
                    if self.service_name(service).is_some() {
                        if !create.contains(service) {
                            create.push(service.clone());
                        }
                    } else if let Some(cmd) = find_service_name(service) {
                        if !endpoint_cmds.contains(&cmd) {
                            endpoint_cmds.push(cmd);
                            unnamed.push(service.as_str());
                        }
                    }
                }
                Cause::Endpoint { service, problem } => {
                    if let Some(cmd) = self.endpoint(service, problem) {
                        if !endpoint_cmds.contains(&cmd) {
                            endpoint_cmds.push(cmd);
                        }
                    }
                }
                Cause::EndpointAccessOff | Cause::PublicCidrs { .. } => needs_private_access = true,
                Cause::VpcDnsOff => needs_dns = true,
                other => {
                    if let Some(r) = self.egress(s, other) {
                        out.push(r);
                    }
                    if is_api && !c.endpoint_private_access {
                        needs_private_access = true;
                    }
                }
            }
        }
        if !endpoint_cmds.is_empty() || !create.is_empty() {
            let mut what = if out.is_empty() {
                "add or repair the VPC endpoints".to_string()
            } else {
                "without internet access: add or repair the VPC endpoints".to_string()
            };
            if !unnamed.is_empty() {
                what.push_str(&format!(
                    " (eksnet knows no confirmed endpoint service name for {} in this partition: the command lists the region's names ending in it; create the endpoint with the name it prints)",
                    unnamed.join(", ")
                ));
            }
            let mut r = Remedy::new(what, endpoint_cmds);
            r.create_endpoints = create;
            out.push(r);
        }
        if needs_private_access && !c.endpoint_private_access {
            out.push(self.private_access());
        } else if needs_dns {
            let cmds = self.dns_commands();
            if !cmds.is_empty() {
                out.push(Remedy::new(
                    "turn on VPC DNS support and hostnames so the private endpoint's name resolves",
                    cmds,
                ));
            }
        }
        out
    }

    /// The remedy for a network ACL that drops node traffic.
    pub fn nacl(&self, d: &Denied) -> Remedy {
        let (dir, ports) = if d.egress {
            ("--egress", "From=443,To=443")
        } else {
            ("--ingress", "From=1024,To=65535")
        };
        match d.free_rule_number {
            Some(n) => Remedy::new(
                format!("allow it in {} before the entry that denies it", d.acl),
                vec![format!(
                    "aws ec2 create-network-acl-entry --network-acl-id {} {dir} --rule-number {n} --protocol tcp --port-range {ports} --cidr-block {} --rule-action allow",
                    w(&d.acl), d.destination
                )],
            ),
            None => Remedy::new(
                format!("replace entry {} of {} with an allow entry", d.rule_number, d.acl),
                vec![format!(
                    "aws ec2 replace-network-acl-entry --network-acl-id {} {dir} --rule-number {} --protocol tcp --port-range {ports} --cidr-block {} --rule-action allow",
                    w(&d.acl), d.rule_number, d.destination
                )],
            ),
        }
    }

    /// A specific fix for a finding of the rules, where one command does it.
    pub fn finding(&self, code: Code, resource: Option<&str>, message: &str) -> Option<String> {
        let subnet = resource
            .and_then(|r| r.strip_prefix("subnet "))
            .and_then(|id| self.subnet(id));
        // Planned only for the findings whose fix is sized by it.
        let need = subnet
            .filter(|_| matches!(code, Code::W064 | Code::W127 | Code::E128))
            .and_then(|s| self.need(&s.id));
        if let Some(fix) = super::pod_fixes::finding(self.imp, code, resource, subnet, need) {
            return Some(fix);
        }
        let t = self.t();
        let endpoint = resource
            .and_then(|r| r.strip_prefix("endpoint "))
            .and_then(|svc| t.endpoint(svc));
        match code {
            Code::E060 | Code::W074 => {
                let s = subnet?;
                Some(format!(
                    "aws ec2 modify-subnet-attribute --subnet-id {} --map-public-ip-on-launch",
                    w(&s.id)
                ))
            }
            Code::E072 => Some(self.dns_commands().join(" && ")).filter(|c| !c.is_empty()),
            Code::W079 => Some(format!(
                "aws ec2 modify-vpc-endpoint --vpc-endpoint-id {} --private-dns-enabled",
                w(endpoint?.endpoint_id.as_ref()?)
            )),
            Code::W080 => {
                let ep = endpoint?;
                // The node subnets the finding names: those not admitted.
                let admitted = cidr::Cover::new(ep.ingress(t));
                let cmds: Vec<String> = t
                    .node_subnets()
                    .filter(|s| !admitted.contains(&s.cidr))
                    .filter_map(|s| {
                        self.endpoint(
                            &ep.service,
                            &EndpointProblem::IngressBlocked {
                                subnet: s.id.clone(),
                            },
                        )
                    })
                    .collect();
                Some(cmds.join("\n")).filter(|c| !c.is_empty())
            }
            Code::W081 => {
                let rt = t
                    .route_tables
                    .iter()
                    .find(|r| message.contains(&format!("route table {} ", r.id)))?;
                self.endpoint(
                    &endpoint?.service,
                    &EndpointProblem::NotOnRouteTable {
                        route_table: rt.id.clone(),
                    },
                )
            }
            Code::W077 => {
                let (tier, key) = if resource? == "public subnets" {
                    (Tier::Public, "kubernetes.io/role/elb")
                } else {
                    (Tier::Private, "kubernetes.io/role/internal-elb")
                };
                let ids: Vec<_> = t.subnets_of(tier).map(|s| w(&s.id)).collect();
                Some(format!(
                    "aws ec2 create-tags --resources {} --tags Key={key},Value=1",
                    ids.join(" ")
                ))
            }
            _ => None,
        }
    }
}

/// The command that lists the region's endpoint service names ending in
/// `.service`, for a service whose name no source confirms in the partition
/// (China). `service` is a catalog key; anything else gets none.
fn find_service_name(service: &str) -> Option<String> {
    let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
    (!service.is_empty() && service.chars().all(plain)).then(|| {
        format!(
            "aws ec2 describe-vpc-endpoint-services --query \"ServiceNames[?ends_with(@, '.{service}')]\" --output text"
        )
    })
}

/// The kind of endpoint that serves `service` (interface, unless the
/// catalog says gateway).
fn kind(service: &str) -> EndpointKind {
    services::find(service).map_or(EndpointKind::Interface, |s| s.kind)
}

/// `delete-route` for each destination of a route table.
fn delete_routes(rt: &str, destinations: &[ipnet::Ipv4Net]) -> Vec<String> {
    destinations
        .iter()
        .map(|d| {
            format!(
                "aws ec2 delete-route --route-table-id {} --destination-cidr-block {d}",
                w(rt)
            )
        })
        .collect()
}
