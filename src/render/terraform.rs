//! The Terraform view model, shaped like terraform-aws-modules: `this` for
//! singletons, the tier for per-tier resources (`aws_subnet.public`), and
//! `for_each` keyed by availability zone so that addresses stay stable when
//! an AZ is added. Map keys and `for_each` keys are computed here; the
//! templates lay out `terraform fmt`-canonical HCL (the widths that align
//! `=` come from here too, since key lengths vary).

use super::checkov::{self, On, Skip};
use super::filters::hcl_key_width;
use super::{lay_out, merged, tag_list, Format, OutputFile, RenderError, RenderOptions, Tag};
use crate::topology::{EndpointKind, RouteTarget, Tier, Topology};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const FILES: &[(&str, &str)] = &[
    ("terraform/versions.tf", "terraform/versions.tf.tera"),
    ("terraform/variables.tf", "terraform/variables.tf.tera"),
    ("terraform/main.tf", "terraform/main.tf.tera"),
    ("terraform/eks.tf", "terraform/eks.tf.tera"),
    ("terraform/outputs.tf", "terraform/outputs.tf.tera"),
];

#[derive(Serialize)]
struct View {
    name: String,
    region: String,
    vpc_cidr: String,
    enable_dns_support: bool,
    enable_dns_hostnames: bool,
    /// checkov suppressions, by the resource that carries them.
    vpc_skips: Vec<Skip>,
    public_subnet_skips: Vec<Skip>,
    flow_log_group_skips: Vec<Skip>,
    tags: Vec<Tag>,
    tags_width: usize,
    internet_gateway: bool,
    public_subnets: Vec<SubnetV>,
    private_subnets: Vec<SubnetV>,
    /// The AZs are AZ IDs (`availability_zone_id`), not names.
    az_ids: bool,
    az_width: usize,
    public_route_table: Option<RouteTableV>,
    private_route_tables: Vec<RouteTableV>,
    nat_gateways: Vec<NatV>,
    transit_gateway: Option<TgwV>,
    endpoint_ingress_cidrs: Vec<String>,
    interface_endpoints: Vec<EndpointV>,
    gateway_endpoints: Vec<EndpointV>,
    flow_logs: bool,
    cluster: Option<ClusterV>,
}

/// A reference to a resource: `aws_subnet.private["us-west-2a"]`.
#[derive(Serialize, Clone)]
struct Ref {
    name: &'static str,
    key: Option<String>,
}

#[derive(Serialize)]
struct SubnetV {
    az: String,
    cidr: String,
    map_public_ip_on_launch: bool,
    tags: Vec<Tag>,
    tags_width: usize,
    route_table: Ref,
}

#[derive(Serialize)]
struct RouteTableV {
    az: Option<String>,
    routes: Vec<RouteV>,
}

#[derive(Serialize)]
struct RouteV {
    destination: String,
    /// One of these.
    internet_gateway: bool,
    nat_gateway: Option<String>,
    transit_gateway: Option<String>,
}

#[derive(Serialize)]
struct NatV {
    az: String,
    subnet: Ref,
}

#[derive(Serialize)]
struct TgwV {
    id: String,
    subnets: Vec<Ref>,
}

#[derive(Serialize)]
struct EndpointV {
    service: String,
    service_name: String,
    private_dns: bool,
    subnets: Vec<Ref>,
    route_tables: Vec<Ref>,
}

#[derive(Serialize)]
struct ClusterV {
    name: String,
    kubernetes_version: String,
    subnets: Vec<Ref>,
    public_access: bool,
    private_access: bool,
    public_access_cidrs: Vec<String>,
    nat_eips: Vec<String>,
    service_ipv4_cidr: String,
    logging: Vec<String>,
    secrets_encryption: bool,
    skips: Vec<Skip>,
    admins: Vec<String>,
    node_group_name: String,
    node_subnets: Vec<Ref>,
    instance_types: Vec<String>,
    min_size: u32,
    desired_size: u32,
    max_size: u32,
    /// Resources nodes need before they boot (routes, associations,
    /// endpoints) that nothing references: (type, name).
    node_depends_on: Vec<(&'static str, &'static str)>,
}

/// What the node group must wait for, as (resource type, name) of the
/// resources main.tf declares for this topology.
fn node_dependencies(t: &Topology) -> Vec<(&'static str, &'static str)> {
    let mut d = Vec::new();
    let public_nodes = t.node_subnets().any(|s| s.tier == Tier::Public);
    if public_nodes {
        d.push(("aws_route_table_association", "public"));
        if t.internet_gateway.is_some() {
            d.push(("aws_route", "public_internet_gateway"));
        }
    } else {
        d.push(("aws_route_table_association", "private"));
        if !t.nat_gateways.is_empty() {
            d.push(("aws_route", "private_nat_gateway"));
        }
        if t.transit_gateway.is_some() {
            d.push(("aws_route", "private_transit_gateway"));
        }
    }
    if t.endpoints
        .iter()
        .any(|e| e.kind == EndpointKind::Interface)
    {
        d.push(("aws_vpc_endpoint", "interface"));
    }
    if t.endpoints.iter().any(|e| e.kind == EndpointKind::Gateway) {
        d.push(("aws_vpc_endpoint", "gateway"));
    }
    d
}

pub fn render(t: &Topology, opts: &RenderOptions) -> Result<Vec<OutputFile>, RenderError> {
    let view = view(t, opts);
    FILES
        .iter()
        .map(|(path, template)| {
            Ok(OutputFile {
                path: PathBuf::from(path),
                contents: lay_out(Format::Terraform, template, &view)?,
            })
        })
        .collect()
}

fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Public => "public",
        Tier::Private => "private",
    }
}

fn view(t: &Topology, opts: &RenderOptions) -> View {
    let subnet_ref = |id: &str| -> Ref {
        let s = t.subnet(id).expect("ids refer to subnets of the topology");
        Ref {
            name: tier_name(s.tier),
            key: Some(s.az.clone()),
        }
    };
    // The public route table is shared (a singleton); private ones are per AZ.
    let rt_ref = |id: &str| -> Ref {
        let rt = t
            .route_table(id)
            .expect("subnets use route tables of the topology");
        Ref {
            name: tier_name(rt.tier),
            key: rt.az.clone(),
        }
    };
    let subnets = |tier: Tier| -> Vec<SubnetV> {
        t.subnets_of(tier)
            .map(|s| SubnetV {
                az: s.az.clone(),
                cidr: s.cidr.to_string(),
                map_public_ip_on_launch: s.map_public_ip_on_launch,
                tags: tag_list(&s.tags),
                tags_width: hcl_key_width(s.tags.keys().map(String::as_str)),
                route_table: rt_ref(&s.route_table),
            })
            .collect()
    };
    let route_table = |rt: &crate::topology::RouteTable| RouteTableV {
        az: rt.az.clone(),
        routes: rt
            .routes
            .iter()
            .map(|r| RouteV {
                destination: r.destination.to_string(),
                internet_gateway: r.target == RouteTarget::InternetGateway,
                nat_gateway: match &r.target {
                    RouteTarget::NatGateway(n) => Some(
                        t.nat_gateway(n)
                            .expect("routes use NAT gateways of the topology")
                            .az
                            .clone(),
                    ),
                    _ => None,
                },
                transit_gateway: match &r.target {
                    RouteTarget::TransitGateway(g) => Some(g.clone()),
                    _ => None,
                },
            })
            .collect(),
    };
    let endpoints = |kind: EndpointKind| -> Vec<EndpointV> {
        t.endpoints
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| EndpointV {
                service: e.service.clone(),
                service_name: e.service_name.clone(),
                private_dns: e.private_dns,
                subnets: e.subnets.iter().map(|s| subnet_ref(s)).collect(),
                route_tables: e.route_tables.iter().map(|r| rt_ref(r)).collect(),
            })
            .collect()
    };
    let no_tags = BTreeMap::new();
    let user_tags = merged(t, &no_tags);
    let cluster = (!opts.network_only).then(|| {
        let c = &t.cluster;
        let g = &t.node_group;
        ClusterV {
            name: c.name.clone(),
            kubernetes_version: t.kubernetes_version.clone(),
            subnets: c.subnets.iter().map(|s| subnet_ref(s)).collect(),
            public_access: c.endpoint_public_access,
            private_access: c.endpoint_private_access,
            public_access_cidrs: c
                .public_access_cidrs
                .iter()
                .map(|x| x.to_string())
                .collect(),
            nat_eips: if c.allow_nat_addresses {
                t.nat_gateways.iter().map(|n| n.az.clone()).collect()
            } else {
                vec![]
            },
            service_ipv4_cidr: c.service_ipv4_cidr.to_string(),
            logging: c.logging.iter().map(|l| l.as_str().to_string()).collect(),
            secrets_encryption: c.secrets_encryption,
            skips: checkov::skips(t, Format::Terraform, On::Cluster),
            admins: c.admin_principal_arns.clone(),
            node_group_name: g.name.clone(),
            node_subnets: g.subnets.iter().map(|s| subnet_ref(s)).collect(),
            instance_types: g.instance_types.clone(),
            min_size: g.min_size,
            desired_size: g.desired_size,
            max_size: g.max_size,
            node_depends_on: node_dependencies(t),
        }
    });
    let interface_endpoints = endpoints(EndpointKind::Interface);
    let gateway_endpoints = endpoints(EndpointKind::Gateway);
    View {
        name: t.name.clone(),
        region: t.region.clone(),
        vpc_cidr: t.vpc.cidr.to_string(),
        enable_dns_support: t.vpc.enable_dns_support,
        enable_dns_hostnames: t.vpc.enable_dns_hostnames,
        vpc_skips: checkov::skips(t, Format::Terraform, On::Vpc),
        public_subnet_skips: checkov::skips(t, Format::Terraform, On::PublicSubnets),
        flow_log_group_skips: checkov::skips(t, Format::Terraform, On::FlowLogGroup),
        tags_width: hcl_key_width(user_tags.keys().map(String::as_str)),
        tags: tag_list(&user_tags),
        internet_gateway: t.internet_gateway.is_some(),
        public_subnets: subnets(Tier::Public),
        private_subnets: subnets(Tier::Private),
        az_ids: t.availability_zones.iter().any(|a| a.is_id),
        az_width: hcl_key_width(t.availability_zones.iter().map(|a| a.name.as_str())),
        public_route_table: t
            .route_tables
            .iter()
            .find(|r| r.tier == Tier::Public)
            .map(route_table),
        private_route_tables: t
            .route_tables
            .iter()
            .filter(|r| r.tier == Tier::Private)
            .map(route_table)
            .collect(),
        nat_gateways: t
            .nat_gateways
            .iter()
            .map(|n| NatV {
                az: n.az.clone(),
                subnet: subnet_ref(n.subnet.as_deref().expect("planned NAT gateways are zonal")),
            })
            .collect(),
        transit_gateway: t.transit_gateway.as_ref().map(|g| TgwV {
            id: g.id.clone(),
            subnets: g.attachment_subnets.iter().map(|s| subnet_ref(s)).collect(),
        }),
        endpoint_ingress_cidrs: t
            .endpoint_ingress_cidrs
            .iter()
            .map(|c| c.to_string())
            .collect(),
        interface_endpoints,
        gateway_endpoints,
        flow_logs: t.flow_logs,
        cluster,
    }
}
