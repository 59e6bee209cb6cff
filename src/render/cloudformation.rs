//! The CloudFormation view model: one stack, named as eksctl's builder names
//! things (`SubnetPublicUSWEST2A`, `NATGatewayUSWEST2A`, `VPCEndpointS3`),
//! so people who read eksctl stacks recognise every resource.
//!
//! Logical IDs are derived here from the model's stable ids; the template in
//! `blueprints/cloudformation/` only lays the resources out.

use super::checkov::{self, On, Skip};
use super::{
    lay_out, merged, tag_list, upper_alnum, Format, OutputFile, RenderError, RenderOptions, Tag,
};
use crate::aws::versions;
use crate::spec::NatMode;
use crate::topology::{EndpointKind, RouteTarget, Tier, Topology};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const PATH: &str = "cloudformation/template.yaml";
const FORMAT: Format = Format::CloudFormation;

#[derive(Serialize)]
struct View {
    description: String,
    az_params: Vec<AzParam>,
    vpc: VpcV,
    internet_gateway: Option<Res>,
    subnets: Vec<SubnetV>,
    route_tables: Vec<RouteTableV>,
    nat_gateways: Vec<NatV>,
    transit_gateway: Option<TgwV>,
    endpoint_sg: Option<EndpointSgV>,
    endpoints: Vec<EndpointV>,
    flow_log: Option<FlowLogV>,
    cluster: Option<ClusterV>,
    outputs: OutputsV,
}

/// A logical ID with the tags its resource carries (besides `Name`).
#[derive(Serialize)]
struct Res {
    id: String,
    tags: Vec<Tag>,
}

#[derive(Serialize)]
struct VpcV {
    id: String,
    cidr: String,
    enable_dns_support: bool,
    enable_dns_hostnames: bool,
    tags: Vec<Tag>,
    skips: Vec<Skip>,
}

#[derive(Serialize)]
struct AzParam {
    name: String,
    default: String,
    description: String,
}

#[derive(Serialize)]
struct SubnetV {
    id: String,
    cidr: String,
    /// The AZ parameter (AZ names) ...
    az_param: Option<String>,
    /// ... or the AZ ID, which CloudFormation takes in another property.
    az_id: Option<String>,
    map_public_ip_on_launch: bool,
    tags: Vec<Tag>,
    skips: Vec<Skip>,
    association: String,
    route_table: String,
}

#[derive(Serialize)]
struct RouteTableV {
    id: String,
    tags: Vec<Tag>,
    routes: Vec<RouteV>,
}

#[derive(Serialize)]
struct RouteV {
    id: String,
    destination: String,
    /// Exactly one of these is set.
    gateway: Option<String>,
    nat_gateway: Option<String>,
    transit_gateway: Option<String>,
    depends_on: Option<String>,
}

#[derive(Serialize)]
struct NatV {
    eip: Res,
    nat: Res,
    subnet: String,
}

#[derive(Serialize)]
struct TgwV {
    id: String,
    transit_gateway_id: String,
    subnets: Vec<String>,
    tags: Vec<Tag>,
}

#[derive(Serialize)]
struct EndpointSgV {
    id: String,
    description: String,
    ingress_cidrs: Vec<String>,
    tags: Vec<Tag>,
}

#[derive(Serialize)]
struct EndpointV {
    id: String,
    service_name: String,
    kind: &'static str,
    subnets: Vec<String>,
    route_tables: Vec<String>,
    private_dns: bool,
    tags: Vec<Tag>,
}

#[derive(Serialize)]
struct FlowLogV {
    log_group: Res,
    log_group_skips: Vec<Skip>,
    role: Res,
    flow_log: Res,
}

#[derive(Serialize)]
struct ClusterV {
    name: String,
    kubernetes_version: String,
    kubernetes_versions: Vec<String>,
    role: Res,
    subnets: Vec<String>,
    public_access: bool,
    private_access: bool,
    public_access_cidrs: Vec<String>,
    /// EIP logical IDs whose addresses join `public_access_cidrs`.
    nat_eips: Vec<String>,
    service_ipv4_cidr: String,
    logging: Vec<String>,
    kms_key: Option<Res>,
    tags: Vec<Tag>,
    /// checkov suppressions of the cluster resource.
    skips: Vec<Skip>,
    admins: Vec<AdminV>,
    node_group: NodeGroupV,
}

#[derive(Serialize)]
struct AdminV {
    id: String,
    principal_arn: String,
}

#[derive(Serialize)]
struct NodeGroupV {
    name: String,
    role: Res,
    subnets: Vec<String>,
    instance_types: String,
    min_size: u32,
    desired_size: u32,
    max_size: u32,
    tags: Vec<Tag>,
    /// What nodes need before they boot: their subnets' route table
    /// associations and routes, and the VPC endpoints. Nothing references
    /// these, so without DependsOn the node group could launch first.
    depends_on: Vec<String>,
}

#[derive(Serialize)]
struct OutputsV {
    subnets: Vec<String>,
    public_subnets: Vec<String>,
    private_subnets: Vec<String>,
    nat_eips: Vec<String>,
}

fn tier_word(t: Tier) -> &'static str {
    match t {
        Tier::Public => "Public",
        Tier::Private => "Private",
    }
}

pub fn subnet_id(tier: Tier, az: &str) -> String {
    format!("Subnet{}{}", tier_word(tier), upper_alnum(az))
}

pub fn endpoint_id(service: &str) -> String {
    format!("VPCEndpoint{}", upper_alnum(service))
}

pub fn render(t: &Topology, opts: &RenderOptions) -> Result<Vec<OutputFile>, RenderError> {
    let view = view(t, opts);
    let text = lay_out(
        Format::CloudFormation,
        "cloudformation/template.yaml.tera",
        &view,
    )?;
    Ok(vec![OutputFile {
        path: PathBuf::from(PATH),
        contents: text,
    }])
}

fn view(t: &Topology, opts: &RenderOptions) -> View {
    let none = BTreeMap::new();
    let tags = |own: &BTreeMap<String, String>| tag_list(&merged(t, own));
    let res = |id: &str| Res {
        id: id.to_string(),
        tags: tags(&none),
    };

    let az_params: Vec<AzParam> = t
        .availability_zones
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.is_id)
        .map(|(i, a)| AzParam {
            name: format!("AvailabilityZone{}", i + 1),
            default: a.name.clone(),
            description: format!("Availability zone of the subnets planned in {}", a.name),
        })
        .collect();
    let az_param = |az: &str| -> Option<String> {
        t.availability_zones
            .iter()
            .position(|a| a.name == az && !a.is_id)
            .map(|i| format!("AvailabilityZone{}", i + 1))
    };
    let is_id = |az: &str| t.availability_zones.iter().any(|a| a.name == az && a.is_id);

    let rt_id = |id: &str| -> String {
        let rt = t
            .route_table(id)
            .expect("subnets use route tables of the topology");
        format!(
            "{}RouteTable{}",
            tier_word(rt.tier),
            rt.az.as_deref().map(upper_alnum).unwrap_or_default()
        )
    };
    let sub_id = |id: &str| -> String {
        let s = t.subnet(id).expect("ids refer to subnets of the topology");
        subnet_id(s.tier, &s.az)
    };
    // eksctl names a single NAT gateway without an AZ suffix.
    let nat_ids = |id: &str| -> (String, String) {
        let n = t
            .nat_gateway(id)
            .expect("routes use NAT gateways of the topology");
        let sfx = if t.nat_mode == NatMode::Single {
            String::new()
        } else {
            upper_alnum(&n.az)
        };
        (format!("NATIP{sfx}"), format!("NATGateway{sfx}"))
    };

    let subnets: Vec<SubnetV> = t
        .subnets
        .iter()
        .map(|s| SubnetV {
            id: subnet_id(s.tier, &s.az),
            cidr: s.cidr.to_string(),
            az_param: az_param(&s.az),
            az_id: is_id(&s.az).then(|| s.az.clone()),
            map_public_ip_on_launch: s.map_public_ip_on_launch,
            tags: tags(&s.tags),
            skips: match s.tier {
                Tier::Public => checkov::skips(t, FORMAT, On::PublicSubnets),
                Tier::Private => vec![],
            },
            association: format!(
                "RouteTableAssociation{}{}",
                tier_word(s.tier),
                upper_alnum(&s.az)
            ),
            route_table: rt_id(&s.route_table),
        })
        .collect();

    let route_tables: Vec<RouteTableV> = t
        .route_tables
        .iter()
        .map(|rt| {
            let sfx = rt.az.as_deref().map(upper_alnum).unwrap_or_default();
            let routes = rt
                .routes
                .iter()
                .map(|r| {
                    let mut v = RouteV {
                        id: String::new(),
                        destination: r.destination.to_string(),
                        gateway: None,
                        nat_gateway: None,
                        transit_gateway: None,
                        depends_on: None,
                    };
                    match &r.target {
                        RouteTarget::InternetGateway => {
                            v.id = format!("{}SubnetRoute{sfx}", tier_word(rt.tier));
                            v.gateway = Some("InternetGateway".into());
                            v.depends_on = Some("VPCGatewayAttachment".into());
                        }
                        RouteTarget::NatGateway(n) => {
                            v.id = format!("NAT{}SubnetRoute{sfx}", tier_word(rt.tier));
                            v.nat_gateway = Some(nat_ids(n).1);
                        }
                        RouteTarget::TransitGateway(id) => {
                            v.id = format!("TransitGatewayRoute{sfx}");
                            v.transit_gateway = Some(id.clone());
                            v.depends_on = Some("TransitGatewayAttachment".into());
                        }
                        RouteTarget::Other(_) => {
                            unreachable!("planned topologies route only to their own gateways")
                        }
                    }
                    v
                })
                .collect();
            RouteTableV {
                id: rt_id(&rt.id),
                tags: tags(&none),
                routes,
            }
        })
        .collect();

    let nat_gateways: Vec<NatV> = t
        .nat_gateways
        .iter()
        .map(|n| {
            let (eip, nat) = nat_ids(&n.id);
            NatV {
                eip: res(&eip),
                nat: res(&nat),
                subnet: sub_id(n.subnet.as_deref().expect("planned NAT gateways are zonal")),
            }
        })
        .collect();

    let has_interface = t
        .endpoints
        .iter()
        .any(|e| e.kind == EndpointKind::Interface);
    let endpoint_sg = has_interface.then(|| EndpointSgV {
        id: "VPCEndpointSecurityGroup".into(),
        description: format!("Interface VPC endpoints of {}: HTTPS from the VPC", t.name),
        ingress_cidrs: t
            .endpoint_ingress_cidrs
            .iter()
            .map(|c| c.to_string())
            .collect(),
        tags: tags(&none),
    });
    let endpoints: Vec<EndpointV> = t
        .endpoints
        .iter()
        .map(|e| EndpointV {
            id: endpoint_id(&e.service),
            service_name: e.service_name.clone(),
            kind: e.kind.as_str(),
            subnets: e.subnets.iter().map(|s| sub_id(s)).collect(),
            route_tables: e.route_tables.iter().map(|r| rt_id(r)).collect(),
            private_dns: e.private_dns,
            tags: tags(&none),
        })
        .collect();

    let nat_eips: Vec<String> = nat_gateways.iter().map(|n| n.eip.id.clone()).collect();
    let mut node_deps: Vec<String> = Vec::new();
    for s in t.node_subnets() {
        node_deps.push(format!(
            "RouteTableAssociation{}{}",
            tier_word(s.tier),
            upper_alnum(&s.az)
        ));
        let rt = rt_id(&s.route_table);
        if let Some(v) = route_tables.iter().find(|r| r.id == rt) {
            node_deps.extend(v.routes.iter().map(|r| r.id.clone()));
        }
    }
    node_deps.extend(endpoints.iter().map(|e| e.id.clone()));
    let mut seen = std::collections::BTreeSet::new();
    node_deps.retain(|d| seen.insert(d.clone()));
    let cluster = (!opts.network_only).then(|| {
        let c = &t.cluster;
        let g = &t.node_group;
        ClusterV {
            name: c.name.clone(),
            kubernetes_version: t.kubernetes_version.clone(),
            kubernetes_versions: versions::supported()
                .map(|r| r.version.to_string())
                .collect(),
            role: res("ClusterRole"),
            subnets: c.subnets.iter().map(|s| sub_id(s)).collect(),
            public_access: c.endpoint_public_access,
            private_access: c.endpoint_private_access,
            public_access_cidrs: c
                .public_access_cidrs
                .iter()
                .map(|c| c.to_string())
                .collect(),
            nat_eips: if c.allow_nat_addresses {
                nat_eips.clone()
            } else {
                vec![]
            },
            service_ipv4_cidr: c.service_ipv4_cidr.to_string(),
            logging: c.logging.iter().map(|l| l.as_str().to_string()).collect(),
            kms_key: c.secrets_encryption.then(|| res("SecretsEncryptionKey")),
            tags: tags(&none),
            skips: checkov::skips(t, FORMAT, On::Cluster),
            admins: c
                .admin_principal_arns
                .iter()
                .enumerate()
                .map(|(i, arn)| AdminV {
                    id: format!("AdminAccessEntry{}", i + 1),
                    principal_arn: arn.clone(),
                })
                .collect(),
            node_group: NodeGroupV {
                name: g.name.clone(),
                role: res("NodeInstanceRole"),
                subnets: g.subnets.iter().map(|s| sub_id(s)).collect(),
                instance_types: g.instance_types.join(","),
                min_size: g.min_size,
                desired_size: g.desired_size,
                max_size: g.max_size,
                tags: tags(&none),
                depends_on: node_deps,
            },
        }
    });

    let ids_of = |tier: Option<Tier>| -> Vec<String> {
        t.subnets
            .iter()
            .filter(|s| tier.map_or(true, |x| s.tier == x))
            .map(|s| subnet_id(s.tier, &s.az))
            .collect()
    };
    View {
        description: format!(
            "EKS cluster network for {} ({}), generated by eksnet",
            t.name,
            t.architecture_name()
        ),
        az_params,
        vpc: VpcV {
            id: "VPC".into(),
            cidr: t.vpc.cidr.to_string(),
            enable_dns_support: t.vpc.enable_dns_support,
            enable_dns_hostnames: t.vpc.enable_dns_hostnames,
            tags: tags(&none),
            skips: checkov::skips(t, FORMAT, On::Vpc),
        },
        internet_gateway: t.internet_gateway.as_ref().map(|_| res("InternetGateway")),
        subnets,
        route_tables,
        nat_gateways,
        transit_gateway: t.transit_gateway.as_ref().map(|g| TgwV {
            id: "TransitGatewayAttachment".into(),
            transit_gateway_id: g.id.clone(),
            subnets: g.attachment_subnets.iter().map(|s| sub_id(s)).collect(),
            tags: tags(&none),
        }),
        endpoint_sg,
        endpoints,
        flow_log: t.flow_logs.then(|| FlowLogV {
            log_group: res("FlowLogGroup"),
            log_group_skips: checkov::skips(t, FORMAT, On::FlowLogGroup),
            role: res("FlowLogRole"),
            flow_log: res("FlowLog"),
        }),
        cluster,
        outputs: OutputsV {
            subnets: ids_of(None),
            public_subnets: ids_of(Some(Tier::Public)),
            private_subnets: ids_of(Some(Tier::Private)),
            nat_eips,
        },
    }
}
