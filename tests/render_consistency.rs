//! The three formats describe the same network as the Topology.
//!
//! Each output is parsed back with a parser of its language (YAML with
//! CloudFormation's `!Ref`/`!Sub`/`!GetAtt` tags, HCL, YAML) into one
//! normalized description: VPC CIDR; subnets with AZ, CIDR, public or not,
//! MapPublicIpOnLaunch, tags and default routes; NAT count; endpoints;
//! endpoint access; node group subnets, AMI type, root volume (size, type)
//! and instance metadata settings (IMDSv2 required, hop limit). Where
//! eksctl creates the VPC, its subnets are derived with eksctl's carving
//! from `vpc.cidr` and `availabilityZones`; in existing-VPC mode the config states only the
//! subnets (AZ, CIDR, tier) and the cluster, so only those are compared.
//! A hostile tag value must round-trip exactly through each parser.

use crate::cases::{base, cases, Case};
use crate::render::{options, topology};
use eksnet::aws::ami;
use eksnet::render::{self, Format, OutputFile, RenderOptions};
use eksnet::spec::Architecture;
use eksnet::topology::{cidr, RouteTarget, Tier, Topology};
use hcl::eval::{Context, Evaluate};
use hcl::{Body, Expression, ObjectKey};
use ipnet::Ipv4Net;
use serde_yaml_ng::Value as Y;
use std::collections::{BTreeMap, BTreeSet};

type Tags = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SubnetD {
    cidr: String,
    /// None where the format names the zone only through the subnet's ID.
    az: Option<String>,
    public: bool,
    map_public_ip_on_launch: Option<bool>,
    tags: Option<Tags>,
    default_routes: Option<BTreeSet<String>>,
}

#[derive(Debug, PartialEq, Eq)]
struct Net {
    vpc_cidr: Option<String>,
    subnets: BTreeSet<SubnetD>,
    nat_count: Option<usize>,
    endpoints: Option<BTreeSet<(String, String)>>,
    /// Public access, private access, public CIDRs (`nat-eip/32` for each
    /// NAT gateway address added at deploy time).
    endpoint_access: Option<(bool, bool, Vec<String>)>,
    /// Where EKS places the control plane's network interfaces.
    cluster_subnets: Option<BTreeSet<String>>,
    node_subnets: Option<BTreeSet<String>>,
    /// The node group's AMI type. eksctl writes none and infers it from the
    /// instance types as eksnet does, so its config is read that way.
    ami_type: Option<String>,
    node_launch: Option<LaunchD>,
    /// EKS managed add-ons: (name, created after the node group). eksctl
    /// orders them itself: false for all there.
    addons: Option<BTreeSet<(String, bool)>>,
    /// The node role's AWS managed policies beyond every node's own. eksctl
    /// attaches AmazonSSMManagedInstanceCore to every node role, so it
    /// names only the others (`iam.withAddonPolicies`).
    add_on_policies: Option<BTreeSet<String>>,
    pods: PodsD,
}

/// The pod network: the secondary CIDR, the prefix reservations and the VPC
/// CNI add-on's configuration.
#[derive(Debug, Default, PartialEq, Eq)]
struct PodsD {
    /// None where the format cannot state it (an existing-VPC eksctl config).
    secondary_cidr: Option<Option<String>>,
    /// (subnet CIDR, reserved CIDR); None for an existing-VPC eksctl config.
    reservations: Option<BTreeSet<(String, String)>>,
    /// The VPC CNI's settings, and each ENIConfig's zone with its pod
    /// subnet's CIDR (None without a cluster).
    cni: Option<(Tags, Tags)>,
}

/// The VPC CNI's configuration JSON as (env, zone → pod subnet), each
/// subnet as `subnet` makes of the ID written there.
fn cni_json(text: &str, subnet: &dyn Fn(&str) -> String) -> (Tags, Tags) {
    let v: serde_json::Value = serde_json::from_str(text).expect("configuration values are JSON");
    let env = v["env"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let zones = v["eniConfig"]["subnets"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(z, e)| (z.clone(), subnet(e["id"].as_str().unwrap())))
                .collect()
        })
        .unwrap_or_default();
    (env, zones)
}

/// Policies every node role holds in CloudFormation and Terraform.
const NODE_POLICIES: [&str; 3] = [
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonEKS_CNI_Policy",
];

fn add_on_policies<'a>(all: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    all.into_iter()
        .filter(|p| !NODE_POLICIES.contains(p))
        .map(str::to_string)
        .collect()
}

/// How nodes launch: root volume and instance metadata.
#[derive(Debug, PartialEq, Eq)]
struct LaunchD {
    /// None in eksctl, which finds the AMI's root device itself.
    root_device: Option<String>,
    volume_gib: u64,
    volume_type: String,
    imds_v2_required: bool,
    hop_limit: u64,
}

const NAT_EIP: &str = "nat-eip/32";

fn target(t: &RouteTarget) -> String {
    match t {
        RouteTarget::InternetGateway => "igw".into(),
        RouteTarget::NatGateway(_) => "nat".into(),
        RouteTarget::TransitGateway(id) => format!("tgw:{id}"),
        RouteTarget::Other(id) => format!("other:{id}"),
    }
}

/// The description the Topology gives.
fn from_topology(t: &Topology, with_cluster: bool) -> Net {
    let subnets = t
        .subnets
        .iter()
        .map(|s| {
            let rt = t.route_table(&s.route_table).unwrap();
            let mut tags = t.tags.clone();
            tags.extend(s.tags.clone());
            SubnetD {
                cidr: s.cidr.to_string(),
                az: Some(s.az.clone()),
                // The formats tell a public subnet by its route to the
                // internet gateway: so does a pod subnet on a public route
                // table (public-only).
                public: s.tier == Tier::Public
                    || (s.tier == Tier::Pod
                        && rt
                            .routes
                            .iter()
                            .any(|r| r.target == RouteTarget::InternetGateway)),
                map_public_ip_on_launch: Some(s.map_public_ip_on_launch),
                tags: Some(tags),
                default_routes: Some(
                    rt.routes
                        .iter()
                        .filter(|r| r.destination.prefix_len() == 0)
                        .map(|r| target(&r.target))
                        .collect(),
                ),
            }
        })
        .collect();
    let cidr_of = |id: &String| t.subnet(id).unwrap().cidr.to_string();
    let c = &t.cluster;
    let mut cidrs: Vec<String> = c
        .public_access_cidrs
        .iter()
        .map(|x| x.to_string())
        .chain(c.public_access_ipv6_cidrs.iter().map(|x| x.to_string()))
        .collect();
    if c.allow_nat_addresses {
        cidrs.extend(t.nat_gateways.iter().map(|_| NAT_EIP.to_string()));
    }
    Net {
        vpc_cidr: Some(t.vpc.cidr.to_string()),
        subnets,
        nat_count: Some(t.nat_gateways.len()),
        endpoints: Some(
            t.endpoints
                .iter()
                .map(|e| (e.service_name.clone(), e.kind.as_str().to_string()))
                .collect(),
        ),
        endpoint_access: with_cluster.then_some((
            c.endpoint_public_access,
            c.endpoint_private_access,
            cidrs,
        )),
        cluster_subnets: with_cluster.then(|| c.subnets.iter().map(cidr_of).collect()),
        node_subnets: with_cluster.then(|| t.node_group.subnets.iter().map(cidr_of).collect()),
        ami_type: with_cluster.then(|| t.node_group.ami_type.unwrap().to_string()),
        addons: with_cluster.then(|| {
            t.managed_addons
                .iter()
                .map(|a| (a.name.clone(), a.after_nodes))
                .collect()
        }),
        add_on_policies: with_cluster
            .then(|| add_on_policies(t.node_group.policies.iter().map(String::as_str))),
        pods: pods_of(t, with_cluster),
        node_launch: with_cluster.then(|| {
            let l = t.node_launch().unwrap();
            LaunchD {
                root_device: Some(l.root_device.to_string()),
                volume_gib: l.root_volume_gib.into(),
                volume_type: l.root_volume_type.to_string(),
                imds_v2_required: l.imds_v2_required,
                hop_limit: l.imds_hop_limit.into(),
            }
        }),
    }
}

fn pods_of(t: &Topology, with_cluster: bool) -> PodsD {
    let cidr_of = |id: &str| t.subnet(id).unwrap().cidr.to_string();
    let p = t.pod_network.as_ref();
    PodsD {
        secondary_cidr: Some(p.and_then(|p| p.secondary_cidr).map(|c| c.to_string())),
        reservations: Some(
            p.iter()
                .flat_map(|p| &p.prefix_reservations)
                .map(|r| (cidr_of(&r.subnet), r.cidr.to_string()))
                .collect(),
        ),
        cni: with_cluster.then(|| match t.vpc_cni_config() {
            None => Default::default(),
            Some(c) => (
                c.env
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                c.eni_configs
                    .iter()
                    .map(|e| (e.zone.clone(), cidr_of(&e.subnet)))
                    .collect(),
            ),
        }),
    }
}

// ---------------------------------------------------------------- CloudFormation

/// A CloudFormation value with its short-form intrinsic resolved far enough
/// to compare: `!Ref` of a parameter gives its default, of a resource
/// `ref:ID`; `!GetAtt` gives `getatt:ID.Attr`; `!Sub` its text.
fn cfn_str(v: &Y, params: &BTreeMap<String, String>) -> String {
    match v {
        Y::String(s) => s.clone(),
        Y::Bool(b) => b.to_string(),
        Y::Number(n) => n.to_string(),
        Y::Tagged(t) => {
            let inner = cfn_str(&t.value, params);
            match t.tag.to_string().as_str() {
                "!Ref" => params
                    .get(&inner)
                    .cloned()
                    .unwrap_or(format!("ref:{inner}")),
                "!GetAtt" => format!("getatt:{inner}"),
                "!Sub" => inner,
                other => panic!("unexpected tag {other}"),
            }
        }
        other => panic!("not a scalar: {other:?}"),
    }
}

fn cfn_tags(props: &Y) -> Tags {
    props
        .get("Tags")
        .and_then(Y::as_sequence)
        .map(|list| {
            list.iter()
                .map(|t| (t["Key"].as_str().unwrap().to_string(), t["Value"].clone()))
                .filter(|(k, _)| k != "Name")
                .map(|(k, v)| (k, v.as_str().expect("plain tag values").to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn parse_cfn(text: &str) -> Net {
    let doc: Y = serde_yaml_ng::from_str(text).expect("the template is YAML");
    let params: BTreeMap<String, String> = doc
        .get("Parameters")
        .and_then(Y::as_mapping)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.as_str().unwrap().to_string(),
                        cfn_str(&v["Default"], &BTreeMap::new()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let res: Vec<(String, String, Y)> = doc["Resources"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_string(),
                v["Type"].as_str().unwrap().to_string(),
                v.get("Properties").cloned().unwrap_or(Y::Null),
            )
        })
        .collect();
    fn by_type<'a>(
        res: &'a [(String, String, Y)],
        ty: &'a str,
    ) -> impl Iterator<Item = &'a (String, String, Y)> + 'a {
        res.iter().filter(move |(_, t, _)| t == ty)
    }
    let of_type = |ty: &'static str| by_type(&res, ty);
    let type_of = |id: &str| {
        res.iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, t, _)| t.clone())
            .unwrap_or_default()
    };
    let s = |v: &Y| cfn_str(v, &params);
    let refd = |v: &Y| s(v).strip_prefix("ref:").expect("a !Ref").to_string();

    let mut rt_of: BTreeMap<String, String> = BTreeMap::new();
    for (_, _, p) in of_type("AWS::EC2::SubnetRouteTableAssociation") {
        rt_of.insert(refd(&p["SubnetId"]), refd(&p["RouteTableId"]));
    }
    let mut routes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, _, p) in of_type("AWS::EC2::Route") {
        // IPv6 routes: tests/ipv6.rs compares them across the formats.
        if p.get("DestinationCidrBlock").is_none() || s(&p["DestinationCidrBlock"]) != "0.0.0.0/0" {
            continue;
        }
        let t = if let Some(g) = p.get("GatewayId") {
            assert_eq!(type_of(&refd(g)), "AWS::EC2::InternetGateway");
            "igw".to_string()
        } else if let Some(n) = p.get("NatGatewayId") {
            assert_eq!(type_of(&refd(n)), "AWS::EC2::NatGateway");
            "nat".to_string()
        } else if let Some(g) = p.get("TransitGatewayId") {
            format!("tgw:{}", s(g))
        } else {
            panic!("a route to an unknown target: {p:?}")
        };
        routes
            .entry(refd(&p["RouteTableId"]))
            .or_default()
            .insert(t);
    }
    let mut cidr_by_id = BTreeMap::new();
    let subnets = of_type("AWS::EC2::Subnet")
        .map(|(id, _, p)| {
            let az = p
                .get("AvailabilityZone")
                .or(p.get("AvailabilityZoneId"))
                .map(&s);
            assert!(
                !(p.get("AvailabilityZone").is_some() && p.get("AvailabilityZoneId").is_some()),
                "AvailabilityZone and AvailabilityZoneId exclude each other"
            );
            let default_routes = rt_of
                .get(id)
                .and_then(|rt| routes.get(rt))
                .cloned()
                .unwrap_or_default();
            cidr_by_id.insert(id.clone(), s(&p["CidrBlock"]));
            SubnetD {
                cidr: s(&p["CidrBlock"]),
                az,
                public: default_routes.contains("igw"),
                map_public_ip_on_launch: p["MapPublicIpOnLaunch"].as_bool(),
                tags: Some(cfn_tags(p)),
                default_routes: Some(default_routes),
            }
        })
        .collect();
    let cluster = of_type("AWS::EKS::Cluster").next();
    let endpoint_access = cluster.map(|(_, _, p)| {
        let v = &p["ResourcesVpcConfig"];
        let cidrs = v
            .get("PublicAccessCidrs")
            .and_then(Y::as_sequence)
            .map(|l| {
                l.iter()
                    .map(|c| {
                        let c = s(c);
                        match c
                            .strip_prefix("${")
                            .and_then(|r| r.strip_suffix(".PublicIp}/32"))
                        {
                            Some(eip) => {
                                assert_eq!(type_of(eip), "AWS::EC2::EIP");
                                NAT_EIP.to_string()
                            }
                            None => c,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        (
            v["EndpointPublicAccess"].as_bool().unwrap(),
            v["EndpointPrivateAccess"].as_bool().unwrap(),
            cidrs,
        )
    });
    let cluster_subnets = cluster.map(|(_, _, p)| {
        p["ResourcesVpcConfig"]["SubnetIds"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|x| cidr_by_id[&refd(x)].clone())
            .collect()
    });
    let node_subnets = of_type("AWS::EKS::Nodegroup").next().map(|(_, _, p)| {
        p["Subnets"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|x| cidr_by_id[&refd(x)].clone())
            .collect()
    });
    let ami_type = of_type("AWS::EKS::Nodegroup")
        .next()
        .map(|(_, _, p)| s(&p["AmiType"]));
    let node_launch = of_type("AWS::EKS::Nodegroup").next().map(|(_, _, p)| {
        assert!(
            p.get("DiskSize").is_none(),
            "EKS refuses DiskSize with a launch template"
        );
        assert!(p.get("RemoteAccess").is_none());
        let lt = refd(&p["LaunchTemplate"]["Id"]);
        assert_eq!(
            s(&p["LaunchTemplate"]["Version"]),
            format!("getatt:{lt}.LatestVersionNumber")
        );
        let (_, ty, props) = res.iter().find(|(id, _, _)| *id == lt).unwrap();
        assert_eq!(ty, "AWS::EC2::LaunchTemplate");
        cfn_launch(&props["LaunchTemplateData"], &s)
    });
    let vpc_cidr = of_type("AWS::EC2::VPC")
        .next()
        .map(|(_, _, p)| s(&p["CidrBlock"]));
    let nat_count = of_type("AWS::EC2::NatGateway").count();
    let endpoints = of_type("AWS::EC2::VPCEndpoint")
        .map(|(_, _, p)| (s(&p["ServiceName"]), s(&p["VpcEndpointType"])))
        .collect();
    let addons = of_type("AWS::EKS::Nodegroup").next().map(|_| {
        of_type("AWS::EKS::Addon")
            .map(|(id, _, p)| {
                let after =
                    doc["Resources"][id.as_str()]["DependsOn"].as_str() == Some("ManagedNodeGroup");
                (s(&p["AddonName"]), after)
            })
            .collect()
    });
    let pods = PodsD {
        secondary_cidr: Some(
            // The IPv4 block: an IPv6 cluster's Amazon-provided /56 is one too.
            of_type("AWS::EC2::VPCCidrBlock")
                .find(|(_, _, p)| p.get("CidrBlock").is_some())
                .map(|(_, _, p)| s(&p["CidrBlock"])),
        ),
        reservations: Some(
            of_type("AWS::EC2::SubnetCidrReservation")
                .map(|(_, _, p)| {
                    assert_eq!(s(&p["ReservationType"]), "prefix");
                    (cidr_by_id[&refd(&p["SubnetId"])].clone(), s(&p["Cidr"]))
                })
                .collect(),
        ),
        cni: addons.as_ref().map(|_| {
            of_type("AWS::EKS::Addon")
                .find(|(_, _, p)| s(&p["AddonName"]) == "vpc-cni")
                .and_then(|(_, _, p)| p.get("ConfigurationValues"))
                .map(|c| {
                    let by_ref = |id: &str| {
                        let id = id.trim_start_matches("${").trim_end_matches('}');
                        cidr_by_id[id].clone()
                    };
                    let (env, zones) = cni_json(&s(c), &by_ref);
                    (env, zones)
                })
                .unwrap_or_default()
        }),
    };
    let add_on_policies = of_type("AWS::EKS::Nodegroup").next().map(|(_, _, p)| {
        let role = s(&p["NodeRole"]);
        let role = role.trim_start_matches("getatt:").trim_end_matches(".Arn");
        let (_, _, props) = res.iter().find(|(id, _, _)| *id == role).unwrap();
        let arns: Vec<String> = props["ManagedPolicyArns"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|a| s(a).rsplit('/').next().unwrap().to_string())
            .collect();
        add_on_policies(arns.iter().map(String::as_str))
    });
    Net {
        vpc_cidr,
        subnets,
        nat_count: Some(nat_count),
        endpoints: Some(endpoints),
        endpoint_access,
        cluster_subnets,
        node_subnets,
        ami_type,
        node_launch,
        addons,
        add_on_policies,
        pods,
    }
}

/// A node launch template's data; it leaves the AMI, security groups, key
/// and user data to EKS.
fn cfn_launch(data: &Y, s: &dyn Fn(&Y) -> String) -> LaunchD {
    for k in [
        "ImageId",
        "SecurityGroupIds",
        "NetworkInterfaces",
        "KeyName",
        "UserData",
    ] {
        assert!(data.get(k).is_none(), "the launch template sets {k}");
    }
    let disks = data["BlockDeviceMappings"].as_sequence().unwrap();
    assert_eq!(disks.len(), 1, "the root volume only");
    let ebs = &disks[0]["Ebs"];
    let m = &data["MetadataOptions"];
    assert_eq!(s(&m["HttpEndpoint"]), "enabled");
    LaunchD {
        root_device: Some(s(&disks[0]["DeviceName"])),
        volume_gib: ebs["VolumeSize"].as_u64().unwrap(),
        volume_type: s(&ebs["VolumeType"]),
        imds_v2_required: match s(&m["HttpTokens"]).as_str() {
            "required" => true,
            "optional" => false,
            other => panic!("HttpTokens {other}"),
        },
        hop_limit: m["HttpPutResponseHopLimit"].as_u64().unwrap(),
    }
}

// ---------------------------------------------------------------- Terraform

fn hcl_text(e: &Expression) -> String {
    hcl::format::to_string(e).expect("formats")
}

/// Evaluate an expression that holds no references.
fn lit(e: &Expression) -> hcl::Value {
    e.evaluate(&Context::new())
        .unwrap_or_else(|err| panic!("{} is not a literal: {err}", hcl_text(e)))
}

fn lit_str(e: &Expression) -> String {
    lit(e).as_str().expect("a string").to_string()
}

fn key_str(k: &ObjectKey) -> String {
    match k {
        ObjectKey::Identifier(i) => i.to_string(),
        ObjectKey::Expression(e) => lit_str(e),
        other => panic!("unexpected key {other:?}"),
    }
}

fn entries(e: &Expression) -> Vec<(String, &Expression)> {
    match e {
        Expression::Object(o) => o.iter().map(|(k, v)| (key_str(k), v)).collect(),
        other => panic!("not an object: {}", hcl_text(other)),
    }
}

fn field<'a>(e: &'a Expression, name: &str) -> Option<&'a Expression> {
    entries(e)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn value_tags(v: &hcl::Value) -> Tags {
    v.as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

struct Tf {
    locals: BTreeMap<String, Expression>,
    /// Variable defaults.
    variables: BTreeMap<String, Expression>,
    /// (type, name) → body.
    resources: BTreeMap<(String, String), Body>,
}

impl Tf {
    fn parse(files: &[OutputFile]) -> Tf {
        let text: String = files.iter().map(|f| f.contents.as_str()).collect();
        let body = hcl::parse(&text).expect("the Terraform is HCL");
        let mut locals = BTreeMap::new();
        let mut variables = BTreeMap::new();
        let mut resources = BTreeMap::new();
        for b in body.blocks() {
            match b.identifier() {
                "locals" => {
                    for a in b.body().attributes() {
                        locals.insert(a.key().to_string(), a.expr().clone());
                    }
                }
                "variable" => {
                    if let Some(d) = attr(b.body(), "default") {
                        variables.insert(b.labels()[0].as_str().to_string(), d.clone());
                    }
                }
                "resource" => {
                    let l = b.labels();
                    resources.insert(
                        (l[0].as_str().to_string(), l[1].as_str().to_string()),
                        b.body().clone(),
                    );
                }
                _ => {}
            }
        }
        Tf {
            locals,
            variables,
            resources,
        }
    }

    fn of_type<'a>(&'a self, ty: &'a str) -> impl Iterator<Item = (&'a str, &'a Body)> + 'a {
        self.resources
            .iter()
            .filter(move |((t, _), _)| t == ty)
            .map(|((_, n), b)| (n.as_str(), b))
    }

    fn local(&self, e: &Expression) -> &Expression {
        let text = hcl_text(e);
        let name = text.strip_prefix("local.").expect("a local");
        &self.locals[name]
    }
}

fn attr<'a>(b: &'a Body, key: &str) -> Option<&'a Expression> {
    b.attributes().find(|a| a.key() == key).map(|a| a.expr())
}

fn block<'a>(b: &'a Body, id: &str) -> Option<&'a Body> {
    b.blocks().find(|x| x.identifier() == id).map(|x| x.body())
}

/// `for_each` entries of a resource; a resource without one is one entry
/// with key "".
fn for_each<'a>(tf: &'a Tf, b: &'a Body) -> Vec<(String, Option<&'a Expression>)> {
    match attr(b, "for_each") {
        None => vec![(String::new(), None)],
        Some(e) => {
            let e = if hcl_text(e).starts_with("local.") {
                tf.local(e)
            } else {
                e
            };
            match e {
                Expression::Object(_) => {
                    entries(e).into_iter().map(|(k, v)| (k, Some(v))).collect()
                }
                _ => {
                    // toset([...])
                    let t = hcl_text(e);
                    let inner = t.trim_start_matches("toset(").trim_end_matches(')');
                    let list: Expression = hcl::from_str::<hcl::Body>(&format!("x = {inner}"))
                        .map(|b| attr(&b, "x").unwrap().clone())
                        .unwrap();
                    match lit(&list) {
                        hcl::Value::Array(a) => a
                            .iter()
                            .map(|v| (v.as_str().unwrap().to_string(), None))
                            .collect(),
                        other => panic!("for_each {other:?}"),
                    }
                }
            }
        }
    }
}

/// `aws_route_table.private[each.key].id` for key `k` →
/// `aws_route_table.private["k"]`.
fn resolve_ref(e: &Expression, key: &str) -> String {
    hcl_text(e)
        .replace("[each.key]", &format!("[\"{key}\"]"))
        .trim_end_matches(".id")
        .to_string()
}

fn parse_tf(files: &[OutputFile]) -> Net {
    let tf = Tf::parse(files);
    let user_tags = value_tags(&lit(&tf.locals["tags"]));

    // Route tables' default routes.
    let mut routes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, b) in tf.of_type("aws_route") {
        for (key, each) in for_each(&tf, b) {
            let get = |name: &str| -> Option<String> {
                let e = attr(b, name)?;
                let t = hcl_text(e);
                Some(match t.strip_prefix("each.value.") {
                    Some(f) => lit_str(field(each.unwrap(), f).unwrap()),
                    None if t.starts_with('"') => lit_str(e),
                    None => t,
                })
            };
            if get("destination_cidr_block").as_deref() != Some("0.0.0.0/0") {
                continue;
            }
            let target = if let Some(g) = get("gateway_id") {
                assert!(g.starts_with("aws_internet_gateway."), "{g}");
                "igw".to_string()
            } else if let Some(n) = get("nat_gateway_id") {
                assert!(n.starts_with("aws_nat_gateway."), "{n}");
                "nat".to_string()
            } else if let Some(g) = get("transit_gateway_id") {
                format!("tgw:{g}")
            } else {
                panic!("a route to an unknown target")
            };
            routes
                .entry(resolve_ref(attr(b, "route_table_id").unwrap(), &key))
                .or_default()
                .insert(target);
        }
    }
    // Subnet → route table.
    let mut rt_of: BTreeMap<String, String> = BTreeMap::new();
    for (_, b) in tf.of_type("aws_route_table_association") {
        for (key, each) in for_each(&tf, b) {
            let subnet = resolve_ref(attr(b, "subnet_id").unwrap(), &key);
            let rt_expr = attr(b, "route_table_id").unwrap();
            let rt = if hcl_text(rt_expr) == "each.value" {
                resolve_ref(each.unwrap(), &key)
            } else {
                resolve_ref(rt_expr, &key)
            };
            rt_of.insert(subnet, rt);
        }
    }
    let mut cidr_of: BTreeMap<String, String> = BTreeMap::new();
    let mut subnets = BTreeSet::new();
    for (name, b) in tf.of_type("aws_subnet") {
        let tags_expr = hcl_text(attr(b, "tags").unwrap());
        assert!(
            tags_expr.contains("local.tags") && tags_expr.contains("each.value.tags"),
            "{tags_expr}"
        );
        let az_attr = attr(b, "availability_zone").or(attr(b, "availability_zone_id"));
        assert_eq!(hcl_text(az_attr.unwrap()), "each.key");
        for (az, each) in for_each(&tf, b) {
            let v = lit(each.unwrap());
            let o = v.as_object().unwrap();
            let mut tags = user_tags.clone();
            tags.extend(value_tags(&o["tags"]));
            let reference = format!("aws_subnet.{name}[\"{az}\"]");
            let default_routes = rt_of
                .get(&reference)
                .and_then(|rt| routes.get(rt))
                .cloned()
                .unwrap_or_default();
            let cidr = o["cidr_block"].as_str().unwrap().to_string();
            cidr_of.insert(reference, cidr.clone());
            subnets.insert(SubnetD {
                cidr,
                az: Some(az),
                public: default_routes.contains("igw"),
                map_public_ip_on_launch: o["map_public_ip_on_launch"].as_bool(),
                tags: Some(tags),
                default_routes: Some(default_routes),
            });
        }
    }
    let mut endpoints = BTreeSet::new();
    for (_, b) in tf.of_type("aws_vpc_endpoint") {
        let kind = lit_str(attr(b, "vpc_endpoint_type").unwrap());
        for (_, each) in for_each(&tf, b) {
            let name = lit_str(field(each.unwrap(), "service_name").unwrap());
            endpoints.insert((name, kind.clone()));
        }
    }
    let nat_count = tf
        .of_type("aws_nat_gateway")
        .map(|(_, b)| for_each(&tf, b).len())
        .sum();
    let refs_to_cidrs = |e: &Expression| -> BTreeSet<String> {
        match e {
            Expression::Array(a) => a
                .iter()
                .map(|x| cidr_of[&resolve_ref(x, "")].clone())
                .collect(),
            other => panic!("not a list: {}", hcl_text(other)),
        }
    };
    let eips: BTreeSet<String> = tf
        .of_type("aws_eip")
        .flat_map(|(_, b)| for_each(&tf, b).into_iter().map(|(k, _)| k))
        .collect();
    let endpoint_access = tf.of_type("aws_eks_cluster").next().map(|(_, b)| {
        let b: &Body = b;
        let v = block(b, "vpc_config").unwrap();
        let flag = |k: &str| lit(attr(v, k).unwrap()).as_bool().unwrap();
        let cidrs = match attr(v, "public_access_cidrs") {
            None => vec![],
            Some(Expression::Array(a)) => a
                .iter()
                .map(|x| match x {
                    Expression::FuncCall(f) => {
                        let t = hcl_text(x);
                        assert_eq!(f.name.to_string(), "format", "{t}");
                        assert!(t.contains("\"%s/32\""), "{t}");
                        // The address of an EIP this configuration creates.
                        let key = t
                            .split("aws_eip.nat[\"")
                            .nth(1)
                            .and_then(|r| r.split('"').next())
                            .unwrap_or_else(|| panic!("{t}"));
                        assert!(eips.contains(key), "{t}: no aws_eip.nat[{key:?}]");
                        NAT_EIP.to_string()
                    }
                    other => lit_str(other),
                })
                .collect(),
            Some(other) => panic!("{}", hcl_text(other)),
        };
        (
            flag("endpoint_public_access"),
            flag("endpoint_private_access"),
            cidrs,
        )
    });
    let cluster_subnets = tf.of_type("aws_eks_cluster").next().map(|(_, b)| {
        let b: &Body = b;
        refs_to_cidrs(attr(block(b, "vpc_config").unwrap(), "subnet_ids").unwrap())
    });
    let node_subnets = tf
        .of_type("aws_eks_node_group")
        .next()
        .map(|(_, b)| refs_to_cidrs(attr(b, "subnet_ids").unwrap()));
    let ami_type = tf.of_type("aws_eks_node_group").next().map(|(_, b)| {
        let e = attr(b, "ami_type").expect("the node group names its AMI type");
        let var = hcl_text(e);
        let var = var.strip_prefix("var.").expect("a variable");
        lit_str(&tf.variables[var])
    });
    let node_launch = tf
        .of_type("aws_eks_node_group")
        .next()
        .map(|(_, b)| tf_launch(&tf, b));
    let vpc_cidr = tf
        .of_type("aws_vpc")
        .next()
        .map(|(_, b)| lit_str(attr(b, "cidr_block").unwrap()));
    let has_nodes = tf.of_type("aws_eks_node_group").next().is_some();
    let addons = has_nodes.then(|| {
        let mut out = BTreeSet::new();
        for (name, b) in tf.of_type("aws_eks_addon") {
            let after = match name {
                "before_nodes" => false,
                "after_nodes" => true,
                other => panic!("aws_eks_addon.{other}"),
            };
            let deps = attr(b, "depends_on").map(hcl_text).unwrap_or_default();
            assert_eq!(deps.contains("aws_eks_node_group.this"), after, "{name}");
            for (key, _) in for_each(&tf, b) {
                out.insert((key, after));
            }
        }
        out
    });
    let pods = tf_pods(&tf, has_nodes);
    let add_on_policies = has_nodes.then(|| {
        let (_, b) = tf
            .of_type("aws_iam_role_policy_attachment")
            .find(|(n, _)| *n == "node")
            .unwrap();
        let keys: Vec<String> = for_each(&tf, b).into_iter().map(|(k, _)| k).collect();
        add_on_policies(keys.iter().map(String::as_str))
    });
    Net {
        vpc_cidr,
        subnets,
        nat_count: Some(nat_count),
        endpoints: Some(endpoints),
        endpoint_access,
        cluster_subnets,
        node_subnets,
        ami_type,
        node_launch,
        addons,
        add_on_policies,
        pods,
    }
}

/// `aws_subnet.<tier>["<az>"].id` → the subnet's CIDR, from its tier's local map.
fn tf_subnet_cidr(tf: &Tf, e: &Expression) -> String {
    let text = hcl_text(e);
    let rest = text
        .strip_prefix("aws_subnet.")
        .expect("a subnet reference");
    let (tier, rest) = rest.split_once("[\"").unwrap();
    let az = rest.split_once("\"]").unwrap().0;
    let subnet = field(&tf.locals[&format!("{tier}_subnets")], az).unwrap();
    lit_str(field(subnet, "cidr_block").unwrap())
}

fn tf_pods(tf: &Tf, has_nodes: bool) -> PodsD {
    let mut reservations = BTreeSet::new();
    for (_, b) in tf.of_type("aws_ec2_subnet_cidr_reservation") {
        assert_eq!(lit_str(attr(b, "reservation_type").unwrap()), "prefix");
        for (_, each) in for_each(tf, b) {
            let each = each.unwrap();
            reservations.insert((
                tf_subnet_cidr(tf, field(each, "subnet_id").unwrap()),
                lit_str(field(each, "cidr_block").unwrap()),
            ));
        }
    }
    let cni = has_nodes.then(|| {
        let Some(config) = tf.locals.get("addon_configuration") else {
            return Default::default();
        };
        let Expression::FuncCall(call) = field(config, "vpc-cni").unwrap() else {
            panic!("jsonencode(...)");
        };
        let doc = &call.args[0];
        let env = field(doc, "env")
            .map(|e| {
                entries(e)
                    .into_iter()
                    .map(|(k, v)| (k, lit_str(v)))
                    .collect()
            })
            .unwrap_or_default();
        let zones = field(doc, "eniConfig")
            .map(|e| {
                entries(field(e, "subnets").unwrap())
                    .into_iter()
                    .map(|(z, v)| (z, tf_subnet_cidr(tf, field(v, "id").unwrap())))
                    .collect()
            })
            .unwrap_or_default();
        (env, zones)
    });
    PodsD {
        secondary_cidr: Some(
            tf.of_type("aws_vpc_ipv4_cidr_block_association")
                .next()
                .map(|(_, b)| lit_str(attr(b, "cidr_block").unwrap())),
        ),
        reservations: Some(reservations),
        cni,
    }
}

/// The launch template of node group `b`, which leaves the AMI, security
/// groups, key and user data to EKS.
fn tf_launch(tf: &Tf, b: &Body) -> LaunchD {
    for k in ["disk_size", "remote_access"] {
        assert!(attr(b, k).is_none() && block(b, k).is_none(), "{k}");
    }
    let lt = block(b, "launch_template").expect("the node group has a launch template");
    let id = hcl_text(attr(lt, "id").unwrap());
    let name = id
        .strip_prefix("aws_launch_template.")
        .and_then(|r| r.strip_suffix(".id"))
        .unwrap_or_else(|| panic!("{id}"));
    assert_eq!(
        hcl_text(attr(lt, "version").unwrap()),
        format!("aws_launch_template.{name}.latest_version")
    );
    let body = &tf.resources[&("aws_launch_template".to_string(), name.to_string())];
    for k in [
        "image_id",
        "vpc_security_group_ids",
        "network_interfaces",
        "key_name",
        "user_data",
    ] {
        assert!(attr(body, k).is_none() && block(body, k).is_none(), "{k}");
    }
    assert_eq!(
        body.blocks()
            .filter(|x| x.identifier() == "block_device_mappings")
            .count(),
        1
    );
    let disk = block(body, "block_device_mappings").unwrap();
    let ebs = block(disk, "ebs").unwrap();
    let m = block(body, "metadata_options").unwrap();
    let num = |b: &Body, k: &str| lit(attr(b, k).unwrap()).as_u64().unwrap();
    assert_eq!(lit_str(attr(m, "http_endpoint").unwrap()), "enabled");
    LaunchD {
        root_device: Some(lit_str(attr(disk, "device_name").unwrap())),
        volume_gib: num(ebs, "volume_size"),
        volume_type: lit_str(attr(ebs, "volume_type").unwrap()),
        imds_v2_required: match lit_str(attr(m, "http_tokens").unwrap()).as_str() {
            "required" => true,
            "optional" => false,
            other => panic!("http_tokens {other}"),
        },
        hop_limit: num(m, "http_put_response_hop_limit"),
    }
}

// ---------------------------------------------------------------- eksctl

/// eksctl's carving (pkg/vpc SetSubnets): 8 slots when 2×AZs ≤ 8, else 16;
/// public subnets take the first slots in AZ order, private ones the next.
fn eksctl_carve(vpc: Ipv4Net, azs: usize) -> (Vec<Ipv4Net>, Vec<Ipv4Net>) {
    let slots = if 2 * azs <= 8 { 8 } else { 16 };
    let prefix = vpc.prefix_len() + if slots == 8 { 3 } else { 4 };
    assert_eq!(Some(prefix), cidr::eksctl_prefix(vpc.prefix_len(), azs));
    let all: Vec<Ipv4Net> = vpc.subnets(prefix).unwrap().collect();
    (all[..azs].to_vec(), all[azs..2 * azs].to_vec())
}

fn parse_eksctl(text: &str, t: &Topology) -> Net {
    let doc: Y = serde_yaml_ng::from_str(text).expect("the config is YAML");
    let vpc = &doc["vpc"];
    let meta_tags: Tags = doc["metadata"]
        .get("tags")
        .and_then(Y::as_mapping)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.as_str().unwrap().into(), v.as_str().unwrap().into()))
                .collect()
        })
        .unwrap_or_default();
    let private_cluster = doc
        .get("privateCluster")
        .and_then(|p| p["enabled"].as_bool())
        == Some(true);
    let endpoint_access = Some(match vpc.get("clusterEndpoints") {
        Some(e) => (
            e["publicAccess"].as_bool().unwrap(),
            e["privateAccess"].as_bool().unwrap(),
            vpc.get("publicAccessCIDRs")
                .and_then(Y::as_sequence)
                .map(|l| {
                    l.iter()
                        .map(|c| {
                            let c = c.as_str().unwrap();
                            if c.starts_with("<NatPublicIps[") {
                                NAT_EIP.to_string()
                            } else {
                                c.to_string()
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
        None => {
            assert!(
                private_cluster,
                "clusterEndpoints left out only in a private cluster"
            );
            (false, true, vec![])
        }
    });
    // Without controlPlaneSubnetIDs eksctl gives the control plane every
    // subnet (an existing VPC's listed ones, or all that it creates).
    let cluster_subnets_of = |subnets: &BTreeSet<SubnetD>,
                              cidr_of_id: &BTreeMap<String, String>|
     -> Option<BTreeSet<String>> {
        Some(
            match vpc.get("controlPlaneSubnetIDs").and_then(Y::as_sequence) {
                Some(ids) => ids
                    .iter()
                    .map(|i| cidr_of_id[i.as_str().unwrap()].clone())
                    .collect(),
                None => subnets.iter().map(|s| s.cidr.clone()).collect(),
            },
        )
    };
    let ng = &doc["managedNodeGroups"][0];
    let private_nodes = ng["privateNetworking"].as_bool() == Some(true);
    assert!(ng.get("amiType").is_none(), "eksctl has no amiType field");
    let instance_types: Vec<String> = ng["instanceTypes"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_string())
        .collect();
    let ami_type = Some(ami::ami_type(&instance_types).unwrap().to_string());
    let flag = |k: &str| ng[k].as_bool().unwrap_or_else(|| panic!("{k} is written"));
    let node_launch = Some(LaunchD {
        root_device: None,
        volume_gib: ng["volumeSize"].as_u64().expect("volumeSize is written"),
        volume_type: ng["volumeType"].as_str().unwrap().to_string(),
        imds_v2_required: flag("disableIMDSv1"),
        // eksctl's launch template: hop limit 1 with disablePodIMDS, else 2.
        hop_limit: if flag("disablePodIMDS") { 1 } else { 2 },
    });
    let addons = Some(
        doc["addons"]
            .as_sequence()
            .expect("the managed add-ons are listed")
            .iter()
            .map(|a| (a["name"].as_str().unwrap().to_string(), false))
            .collect(),
    );
    // The pod subnets' IDs are placeholders naming their index in AZ order.
    let pod_cidrs: Vec<String> = t
        .subnets_of(Tier::Pod)
        .map(|s| s.cidr.to_string())
        .collect();
    let by_placeholder = |id: &str| {
        let i: usize = id
            .strip_prefix("<PodSubnetIds[")
            .and_then(|r| r.strip_suffix("]>"))
            .expect("a pod subnet placeholder")
            .parse()
            .unwrap();
        pod_cidrs[i].clone()
    };
    let pods = PodsD {
        // Set by the existing-VPC or created view.
        secondary_cidr: None,
        reservations: None,
        cni: Some(
            doc["addons"]
                .as_sequence()
                .unwrap()
                .iter()
                .find(|a| a["name"].as_str() == Some("vpc-cni"))
                .and_then(|a| a.get("configurationValues"))
                .map(|c| cni_json(c.as_str().unwrap(), &by_placeholder))
                .unwrap_or_default(),
        ),
    };
    let add_on_policies = Some(
        ng["iam"]["withAddonPolicies"]
            .as_mapping()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        assert_eq!(v.as_bool(), Some(true));
                        match k.as_str().unwrap() {
                            "cloudWatch" => "CloudWatchAgentServerPolicy".to_string(),
                            other => panic!("withAddonPolicies.{other}"),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default(),
    );
    if let Some(cidr) = vpc.get("cidr") {
        // eksctl creates the VPC: derive what it builds.
        assert!(vpc.get("subnets").is_none() && vpc.get("id").is_none());
        let vpc_cidr: Ipv4Net = cidr.as_str().unwrap().parse().unwrap();
        let azs: Vec<String> = doc["availabilityZones"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect();
        let (public, private) = eksctl_carve(vpc_cidr, azs.len());
        let nat = vpc
            .get("nat")
            .map(|n| n["gateway"].as_str().unwrap().to_string());
        let nat_count = match nat.as_deref() {
            None | Some("Disable") => 0,
            Some("Single") => 1,
            Some("HighlyAvailable") => azs.len(),
            Some(other) => panic!("nat {other}"),
        };
        let role = |k: &str| {
            let mut m = meta_tags.clone();
            m.insert(k.into(), "1".into());
            m
        };
        let mut subnets = BTreeSet::new();
        // A private cluster has no public subnets (eksctl still keeps their slots).
        if !private_cluster {
            for (az, c) in azs.iter().zip(&public) {
                subnets.insert(SubnetD {
                    cidr: c.to_string(),
                    az: Some(az.clone()),
                    public: true,
                    map_public_ip_on_launch: Some(true),
                    tags: Some(role("kubernetes.io/role/elb")),
                    default_routes: Some(BTreeSet::from(["igw".to_string()])),
                });
            }
        }
        for (az, c) in azs.iter().zip(&private) {
            subnets.insert(SubnetD {
                cidr: c.to_string(),
                az: Some(az.clone()),
                public: false,
                map_public_ip_on_launch: Some(false),
                tags: Some(role("kubernetes.io/role/internal-elb")),
                default_routes: Some(if nat_count > 0 {
                    BTreeSet::from(["nat".to_string()])
                } else {
                    BTreeSet::new()
                }),
            });
        }
        let endpoints = if private_cluster {
            let mut svc: Vec<String> = ["ec2", "ecr.api", "ecr.dkr", "s3", "sts"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            if let Some(extra) = doc["privateCluster"].get("additionalEndpointServices") {
                svc.extend(
                    extra
                        .as_sequence()
                        .unwrap()
                        .iter()
                        .map(|s| s.as_str().unwrap().to_string()),
                );
            }
            svc.iter()
                .map(|s| {
                    // eksctl names services itself; take the model's name for
                    // the same service (China prefixes), else the plain one.
                    let name = t.endpoint(s).map_or_else(
                        || format!("com.amazonaws.{}.{s}", t.region),
                        |e| e.service_name.clone(),
                    );
                    let kind = if s == "s3" { "Gateway" } else { "Interface" };
                    (name, kind.to_string())
                })
                .collect()
        } else {
            BTreeSet::new()
        };
        let node_tier = if private_nodes { &private } else { &public };
        assert!(
            vpc.get("controlPlaneSubnetIDs").is_none(),
            "no IDs before eksctl creates them"
        );
        let cluster_subnets = cluster_subnets_of(&subnets, &BTreeMap::new());
        Net {
            vpc_cidr: Some(vpc_cidr.to_string()),
            subnets,
            nat_count: Some(nat_count),
            endpoints: Some(endpoints),
            endpoint_access,
            cluster_subnets,
            node_subnets: Some(node_tier.iter().map(|c| c.to_string()).collect()),
            ami_type,
            node_launch,
            addons,
            add_on_policies,
            pods,
        }
    } else {
        assert!(vpc.get("id").is_some(), "existing-VPC mode names the VPC");
        assert!(doc.get("availabilityZones").is_none());
        let mut subnets = BTreeSet::new();
        let mut cidr_of = BTreeMap::new();
        let mut cidr_of_id = BTreeMap::new();
        for tier in ["public", "private"] {
            let Some(m) = vpc["subnets"].get(tier).and_then(Y::as_mapping) else {
                continue;
            };
            for (k, s) in m {
                let cidr = s["cidr"].as_str().unwrap().to_string();
                assert!(s["id"].as_str().is_some_and(|i| !i.is_empty()));
                cidr_of.insert((tier, k.as_str().unwrap().to_string()), cidr.clone());
                cidr_of_id.insert(s["id"].as_str().unwrap().to_string(), cidr.clone());
                subnets.insert(SubnetD {
                    cidr,
                    az: s.get("az").map(|a| a.as_str().unwrap().to_string()),
                    public: tier == "public",
                    map_public_ip_on_launch: None,
                    tags: None,
                    default_routes: None,
                });
            }
        }
        let tier = if private_nodes { "private" } else { "public" };
        let node_subnets = ng["subnets"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|s| cidr_of[&(tier, s.as_str().unwrap().to_string())].clone())
            .collect();
        let cluster_subnets = cluster_subnets_of(&subnets, &cidr_of_id);
        Net {
            vpc_cidr: None,
            subnets,
            nat_count: None,
            endpoints: None,
            endpoint_access,
            cluster_subnets,
            node_subnets: Some(node_subnets),
            ami_type,
            node_launch,
            addons,
            add_on_policies,
            pods,
        }
    }
}

/// What an existing-VPC eksctl config can state of the Topology.
fn existing_view(t: &Topology, mut n: Net) -> Net {
    n.vpc_cidr = None;
    n.nat_count = None;
    n.endpoints = None;
    // The pod network is the CloudFormation or Terraform output's: the
    // config names only its subnets' IDs, in the VPC CNI's configuration.
    n.pods.secondary_cidr = None;
    n.pods.reservations = None;
    let pod_cidrs: BTreeSet<String> = t
        .subnets_of(Tier::Pod)
        .map(|s| s.cidr.to_string())
        .collect();
    n.subnets.retain(|s| !pod_cidrs.contains(&s.cidr));
    n.subnets = n
        .subnets
        .into_iter()
        .map(|mut s| {
            let is_id = t
                .availability_zones
                .iter()
                .any(|a| Some(&a.name) == s.az.as_ref() && a.is_id);
            if is_id {
                s.az = None;
            }
            s.map_public_ip_on_launch = None;
            s.tags = None;
            s.default_routes = None;
            s
        })
        .collect();
    n
}

/// The one difference of a VPC that eksctl creates, documented in the
/// config: released eksctl gives the control plane every subnet it creates,
/// public ones included.
fn eksctl_created_view(t: &Topology, mut n: Net) -> Net {
    n.pods.secondary_cidr = None;
    n.pods.reservations = None;
    if let Some(cluster) = n.cluster_subnets.as_mut() {
        cluster.extend(t.subnets_of(Tier::Public).map(|s| s.cidr.to_string()));
    }
    n
}

fn check_case(c: &Case) {
    check_topology(c, &topology(c));
}

/// Every format of `t`, rendered with the case's options, reads back as `t`.
fn check_topology(c: &Case, t: &Topology) {
    for (f, files) in rendered(c, t) {
        let expected = from_topology(t, !c.network_only);
        let got = match f {
            Format::CloudFormation => parse_cfn(&files[0].contents),
            Format::Terraform => parse_tf(&files),
            Format::Eksctl => parse_eksctl(&files[0].contents, t),
        };
        let mut expected = match f {
            Format::Eksctl if got.vpc_cidr.is_none() => existing_view(t, expected),
            Format::Eksctl => eksctl_created_view(t, expected),
            _ => expected,
        };
        if f == Format::Eksctl {
            // eksctl finds the AMI's root device itself, orders the add-ons
            // itself, and gives every node role AmazonSSMManagedInstanceCore.
            if let Some(l) = expected.node_launch.as_mut() {
                l.root_device = None;
            }
            if let Some(a) = expected.addons.as_mut() {
                *a = a.iter().map(|(n, _)| (n.clone(), false)).collect();
            }
            if let Some(p) = expected.add_on_policies.as_mut() {
                p.remove("AmazonSSMManagedInstanceCore");
            }
        }
        assert_eq!(got, expected, "case {} format {f}", c.name);
    }
}

fn rendered(c: &Case, t: &Topology) -> Vec<(Format, Vec<OutputFile>)> {
    crate::render::formats(c)
        .into_iter()
        .map(|f| (f, render::render(t, f, &options(c)).expect("renders")))
        .collect()
}

#[test]
fn every_format_describes_the_topology() {
    let all = cases();
    assert!(all.len() >= 15);
    for c in &all {
        check_case(c);
    }
}

#[test]
fn eksctl_creates_the_vpc_only_where_the_plan_is_its_own() {
    let created: Vec<&str> = cases()
        .iter()
        .filter(|c| !c.network_only)
        .filter(|c| {
            let t = topology(c);
            render::eksctl_creates_vpc(&t)
        })
        .map(|c| c.name)
        .collect();
    // The default layouts eksctl builds, and the fully private clusters whose
    // endpoints eksctl can create (its own set by default: no add-on that
    // needs eks-auth or another endpoint eksctl cannot make); nothing else.
    assert_eq!(
        created,
        [
            "public-private-nat-single",
            "public-private-nat-per-az",
            "fully-private",
            "fully-private-eksctl-layout",
            "azs-2",
            "azs-5",
            "graviton",
        ]
    );
}

#[test]
fn ids_from_fill_the_existing_vpc_config() {
    // Pod Identity's eks-auth endpoint is one eksctl cannot create, so
    // the config describes the VPC the other formats build.
    let mut spec = base(Architecture::FullyPrivate);
    spec.addons = vec![eksnet::spec::Addon::PodIdentity];
    spec.secrets_encryption = true;
    let c = Case {
        name: "ids",
        spec,
        network_only: false,
    };
    let t = topology(&c);
    let ids = render::Ids::from_json(
        r#"{"vpc_id":{"value":"vpc-0abc"},"private_subnets":{"value":["subnet-1","subnet-2","subnet-3"]},
            "secrets_kms_key_arn":{"value":"arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}"#,
    )
    .unwrap();
    let opts = RenderOptions {
        ids: Some(ids),
        ..options(&c)
    };
    let out = render::render(&t, Format::Eksctl, &opts).unwrap();
    let doc: Y = serde_yaml_ng::from_str(&out[0].contents).unwrap();
    assert_eq!(doc["vpc"]["id"].as_str(), Some("vpc-0abc"));
    let private = doc["vpc"]["subnets"]["private"].as_mapping().unwrap();
    let got: Vec<(&str, &str)> = private
        .values()
        .map(|s| (s["id"].as_str().unwrap(), s["az"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("subnet-1", "us-west-2a"),
            ("subnet-2", "us-west-2b"),
            ("subnet-3", "us-west-2c")
        ]
    );
    assert_eq!(
        doc["secretsEncryption"]["keyARN"].as_str(),
        Some("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
    );
    assert!(!out[0].contents.contains('<'), "no placeholder is left");
}

/// A tag value (and key) that breaks naive templating survives each format.
/// The planner refuses such tags (E071: AWS does not accept them), so they
/// go into the topology directly: the escaping must hold whatever reaches
/// the renderer.
#[test]
fn hostile_tags_round_trip_exactly() {
    let hostile = [
        "quote \" and 'single'",
        "new\nline\ttab",
        "${x} and $${y} and %{ if z }",
        "{{ tera }} {% raw %}",
        "# not a comment: key: value",
        "ünïcødé ☃ 日本 \u{2028}",
        "back\\slash",
        "- [a, b] & *alias !tag",
    ];
    let c = Case {
        name: "hostile",
        spec: base(Architecture::PublicPrivate),
        network_only: false,
    };
    let mut t = topology(&c);
    for (i, v) in hostile.iter().enumerate() {
        t.tags.insert(format!("k{i}"), v.to_string());
    }
    t.tags.insert("key \"${q}\" # {{x}}".into(), "v".into());
    let want = t.tags.clone();
    for (f, files) in rendered(&c, &t) {
        let got: Tags = match f {
            Format::CloudFormation => {
                let doc: Y = serde_yaml_ng::from_str(&files[0].contents).unwrap();
                cfn_tags(&doc["Resources"]["VPC"]["Properties"])
            }
            Format::Terraform => value_tags(&lit(&Tf::parse(&files).locals["tags"])),
            Format::Eksctl => {
                let doc: Y = serde_yaml_ng::from_str(&files[0].contents).unwrap();
                doc["metadata"]["tags"]
                    .as_mapping()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.as_str().unwrap().into(), v.as_str().unwrap().into()))
                    .collect()
            }
        };
        assert_eq!(got, want, "format {f}");
    }
    // The whole network still reads back as the model.
    check_topology(&c, &t);
}

/// Each add-on alone, in each architecture: the plan is clean, endpoints
/// come exactly where nothing leads out, its managed add-on and policies
/// are there, every path it needs works, and all three formats read back
/// as the topology.
#[test]
fn every_add_on_in_every_architecture_reads_back_alike() {
    use eksnet::spec::Addon;
    for arch in Architecture::ALL {
        for addon in Addon::ALL {
            let mut spec = base(arch);
            spec.addons = vec![addon];
            let c = Case {
                name: "addon",
                spec,
                network_only: false,
            };
            let p = eksnet::topology::plan(&c.spec);
            let what = format!("{arch} with {addon}");
            assert!(
                p.diagnostics.errors().next().is_none(),
                "{what}: {:?}",
                p.diagnostics
            );
            let t = p.topology.unwrap();
            let profile = addon.profile();
            let with_endpoints: Vec<&str> = t
                .endpoints
                .iter()
                .filter(|e| e.for_addons.contains(&addon))
                .map(|e| e.service.as_str())
                .collect();
            let no_way_out = matches!(arch, Architecture::PrivateOnly | Architecture::FullyPrivate);
            let expected: Vec<&str> = if no_way_out {
                profile.endpoints.to_vec()
            } else {
                vec![]
            };
            assert_eq!(with_endpoints, expected, "{what}");
            if let Some(m) = profile.managed {
                assert!(t.managed_addons.iter().any(|a| a.name == m), "{what}");
            }
            for policy in profile.node_policies {
                assert!(t.node_group.policies.iter().any(|p| p == policy), "{what}");
            }
            for r in eksnet::topology::reach::analyze(&t) {
                for (label, path) in r.paths() {
                    assert!(path.ok, "{what}: {label} {:?}", path.problem);
                }
            }
            check_topology(&c, &t);
        }
    }
}
