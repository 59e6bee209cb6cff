//! `eksnet explain`, `compare` and `diagram`, and the generated README:
//! snapshots of each architecture, explanations checked line by line
//! against the model, and the diagrams drawn by the real renderers.

use crate::snap;
use crate::support::{eksnet, tool};
use eksnet::spec::{Architecture, LoadedSpec, NatMode, Spec};
use eksnet::teach::{compare, diagram, explain, readme};
use eksnet::topology::{plan, Topology};
use std::process::Command;

fn stdout(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = eksnet()
        .current_dir(tmp.path())
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "eksnet {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn spec_of(arch: Architecture) -> Spec {
    compare::spec_for(&LoadedSpec::built_in().spec, arch)
}

fn topology(spec: &Spec) -> Topology {
    plan(spec).topology.expect("the spec plans")
}

/// The four architectures, and variants that reach the other branches of
/// the explanations: per-AZ NAT with a restricted public endpoint and
/// private access off, tags and Karpenter, a transit gateway, extra
/// PrivateLink services, and broken node paths.
fn variants() -> Vec<(String, Topology)> {
    let mut out: Vec<(String, Topology)> = Architecture::ALL
        .iter()
        .map(|a| (a.to_string(), topology(&spec_of(*a))))
        .collect();
    let mut s = spec_of(Architecture::PublicPrivate);
    s.vpc.nat = Some(NatMode::PerAz);
    s.endpoint_access.private = Some(false);
    s.endpoint_access.public_cidrs = vec!["203.0.113.0/24".into()];
    s.tags.insert("team".into(), "net/ops".into());
    s.karpenter_discovery = true;
    s.private_link = vec!["logs".into()];
    out.push(("public-private per-az restricted".into(), topology(&s)));
    let mut s = spec_of(Architecture::PublicPrivate);
    s.vpc.nat = Some(NatMode::None);
    out.push(("public-private without NAT".into(), topology(&s)));
    let mut s = spec_of(Architecture::PrivateOnly);
    s.vpc.egress = Some(eksnet::spec::Egress::TransitGateway);
    s.vpc.transit_gateway_id = Some("tgw-0123456789abcdef0".into());
    out.push(("private-only transit gateway".into(), topology(&s)));
    let mut s = spec_of(Architecture::PublicOnly);
    s.endpoint_access.private = Some(false);
    s.endpoint_access.public_cidrs = vec!["198.51.100.7/32".into()];
    out.push(("public-only locked out".into(), topology(&s)));
    // IPv6: the /64s, ::/0 routes and egress-only gateway, and without one.
    for arch in [Architecture::PublicPrivate, Architecture::FullyPrivate] {
        let mut s = spec_of(arch);
        s.ip_family = eksnet::spec::IpFamily::Ipv6;
        s.service_ipv4_cidr = None;
        s.endpoint_access.public_cidrs.clear();
        s.vpc.nat = s.vpc.nat.map(|_| NatMode::PerAz);
        out.push((format!("{arch} IPv6"), topology(&s)));
    }
    for (name, mode, prefixes) in [
        ("custom networking with prefixes", None, true),
        (
            "subnet discovery",
            Some(eksnet::spec::PodNetworkMode::SubnetDiscovery),
            false,
        ),
    ] {
        let mut s = spec_of(Architecture::PublicPrivate);
        s.pod_network = Some(eksnet::spec::PodNetworkSpec {
            secondary_cidr: Some("100.64.0.0/16".into()),
            mode,
            subnet_prefix: None,
            prefix_delegation: prefixes,
        });
        out.push((format!("pods: {name}"), topology(&s)));
    }
    out
}

// ---------------------------------------------------------------- explain

#[test]
fn explain_text_of_each_architecture() {
    for arch in Architecture::ALL {
        let text = stdout(&["explain", "--quiet", "--architecture", arch.as_str()]);
        snap!(insta::assert_snapshot!(format!("explain_{arch}"), text));
    }
}

/// An IPv6 cluster as each teaching view shows it: the /56 and /64s, the
/// ::/0 routes and egress-only gateway, and compare's IPv6 rows.
#[test]
fn teaching_views_of_an_ipv6_cluster() {
    let v6 = ["--quiet", "--ip-family", "ipv6", "--nat", "per-az"];
    for (name, command) in [
        ("plan", vec!["plan"]),
        ("explain", vec!["explain"]),
        ("diagram", vec!["diagram", "--format", "mermaid"]),
    ] {
        let args: Vec<&str> = command.iter().copied().chain(v6).collect();
        let text = stdout(&args);
        assert!(
            text.contains("egress-only internet gateway"),
            "{name}: {text}"
        );
        snap!(insta::assert_snapshot!(format!("ipv6_{name}"), text));
    }
    let text = stdout(&["compare", "--quiet", "--ip-family", "ipv6"]);
    assert!(text.contains("egress-only gateway") && text.contains("IP family"));
    snap!(insta::assert_snapshot!("ipv6_compare", text));
}

#[test]
fn every_statement_is_tied_to_model_data() {
    for (name, t) in variants() {
        let doc = explain::document(&t);
        let stmts = explain::statements(&t);
        for s in &stmts {
            assert!(
                !s.facts.is_empty(),
                "{name}: a statement with no data: {}",
                s.text
            );
            for f in &s.facts {
                let got = doc.pointer(&f.pointer).unwrap_or_else(|| {
                    panic!("{name}: {} is not in the model ({})", f.pointer, s.text)
                });
                assert_eq!(
                    got, &f.value,
                    "{name}: {} is {got} in the model, the statement says {}",
                    f.pointer, f.value
                );
                assert!(
                    s.text.contains(&f.shown),
                    "{name}: the statement does not show `{}` ({}): {}",
                    f.shown,
                    f.pointer,
                    s.text
                );
            }
        }
        // Every part of the model is explained: each subnet, route table,
        // route, NAT gateway, endpoint, subnet tag and node path.
        let pointers: Vec<&str> = stmts
            .iter()
            .flat_map(|s| s.facts.iter().map(|f| f.pointer.as_str()))
            .collect();
        let covered = |p: String| {
            assert!(
                pointers
                    .iter()
                    .any(|q| *q == p || q.starts_with(&format!("{p}/"))),
                "{name}: nothing explains {p}"
            )
        };
        for (i, s) in t.subnets.iter().enumerate() {
            covered(format!("/topology/subnets/{i}/mapPublicIpOnLaunch"));
            for k in s.tags.keys() {
                if !t.tags.contains_key(k) {
                    covered(format!(
                        "/topology/subnets/{i}/tags/{}",
                        explain::pointer_token(k)
                    ));
                }
            }
        }
        for (j, rt) in t.route_tables.iter().enumerate() {
            if rt.routes.is_empty() {
                covered(format!("/topology/routeTables/{j}/routes"));
            }
            for k in 0..rt.routes.len() {
                covered(format!("/topology/routeTables/{j}/routes/{k}"));
            }
        }
        for j in 0..t.nat_gateways.len() {
            covered(format!("/topology/natGateways/{j}/id"));
        }
        for e in 0..t.endpoints.len() {
            covered(format!("/topology/endpoints/{e}/service"));
        }
        for k in t.tags.keys() {
            covered(format!("/topology/tags/{}", explain::pointer_token(k)));
        }
        for i in 0..t.node_subnets().count() {
            for what in ["api", "images", "credentials"] {
                covered(format!("/reachability/{i}/{what}/ok"));
            }
        }
        covered("/topology/natMode".into());
        covered("/topology/cluster/endpointPublicAccess".into());
        covered("/topology/cluster/endpointPrivateAccess".into());
        // The printed text is these statements and nothing else.
        let printed = explain::text(&t);
        let flat = printed.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in &stmts {
            let want = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&want), "{name}: not printed: {want}");
        }
        let bullets = printed.lines().filter(|l| l.starts_with("  - ")).count();
        assert_eq!(bullets, stmts.len(), "{name}: one bullet per statement");
        for r in explain::cited(&stmts) {
            let title = r.title().split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains(&title),
                "{name}: source {} not listed",
                r.key()
            );
        }
    }
}

#[test]
fn explanations_follow_the_model_when_it_changes() {
    let mut t = topology(&spec_of(Architecture::PublicPrivate));
    let i = t
        .subnets
        .iter()
        .position(|s| s.id == "public-us-west-2a")
        .expect("a public subnet");
    let before = explain::statements(&t);
    t.subnets[i].map_public_ip_on_launch = false;
    t.nat_gateways[0].id = "nat-renamed".into();
    for rt in &mut t.route_tables {
        for r in &mut rt.routes {
            if matches!(r.target, eksnet::topology::RouteTarget::NatGateway(_)) {
                r.target = eksnet::topology::RouteTarget::NatGateway("nat-renamed".into());
            }
        }
    }
    let after = explain::statements(&t);
    let about = |ss: &[explain::Statement]| {
        ss.iter()
            .find(|s| {
                s.section == explain::Section::Subnets && s.text.starts_with("public-us-west-2a")
            })
            .map(|s| s.text.clone())
            .expect("the subnet is explained")
    };
    assert!(about(&before).contains("MapPublicIpOnLaunch true"));
    assert!(about(&after).contains("MapPublicIpOnLaunch false"));
    assert!(about(&after)
        .contains("EKS refuses a managed node group here with Ec2SubnetInvalidConfiguration"));
    assert!(after.iter().any(|s| s.text.contains("nat-renamed")));
    assert!(!after.iter().any(|s| s.text.contains("nat-us-west-2a")));
}

#[test]
fn explanations_group_what_each_az_repeats() {
    let words = |azs: &[&str], arch: Architecture| {
        let mut spec = spec_of(arch);
        spec.region = "us-east-1".into();
        spec.vpc.availability_zones = azs.iter().map(|a| a.to_string()).collect();
        explain::text(&topology(&spec)).split_whitespace().count()
    };
    let three = ["us-east-1a", "us-east-1b", "us-east-1c"];
    let five = [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
        "us-east-1d",
        "us-east-1f",
    ];
    for arch in Architecture::ALL {
        let (w3, w5) = (words(&three, arch), words(&five, arch));
        assert!(
            w5 * 10 <= w3 * 13,
            "{arch}: 5 AZs take {w5} words, 3 AZs {w3}: more than 30% longer"
        );
    }
}

#[test]
fn failure_stories_quote_the_error_and_name_the_rule() {
    let codes: Vec<&str> = eksnet::rules::catalog::RULES
        .iter()
        .map(|r| r.code)
        .collect();
    for arch in Architecture::ALL {
        let stmts = explain::statements(&topology(&spec_of(arch)));
        let stories: Vec<&str> = stmts
            .iter()
            .filter(|s| s.section == explain::Section::Stories)
            .map(|s| s.text.as_str())
            .collect();
        for story in &stories {
            let named: Vec<&&str> = codes.iter().filter(|c| story.contains(**c)).collect();
            assert!(!named.is_empty(), "{arch}: no rule named in: {story}");
        }
        let all = stories.join("\n");
        let mut expected = vec![
            "NodeCreationFailure: Instances failed to join the kubernetes cluster",
            "node \"\" not found",
            "dial tcp 172.17.<nn>.<nn>:10250: getsockopt: no route to host",
        ];
        if arch.has_public_subnets() {
            expected.push("Ec2SubnetInvalidConfiguration");
        }
        if !arch.has_public_subnets() {
            expected.push("ImagePullBackOff");
        }
        for e in expected {
            assert!(all.contains(e), "{arch}: no story quotes {e}");
        }
        let options: Vec<&str> = stmts
            .iter()
            .filter(|s| s.section == explain::Section::Options)
            .map(|s| s.text.as_str())
            .collect();
        assert!(options
            .iter()
            .any(|o| o.contains("egress-only internet gateway")));
        let has_nat = arch == Architecture::PublicPrivate;
        assert_eq!(
            options.iter().any(|o| o.contains("Regional NAT gateway")),
            has_nat,
            "{arch}"
        );
    }
}

#[test]
fn explain_a_rule_and_unknown_codes() {
    for code in ["E060", "E024"] {
        let text = stdout(&["explain", code]);
        snap!(insta::assert_snapshot!(
            format!("explain_rule_{code}"),
            text
        ));
    }
    // Any case.
    assert!(stdout(&["explain", "e061"]).starts_with("E061 (error)"));
    let out = eksnet().args(["explain", "E61"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("unknown rule code or add-on `E61`") && err.contains("did you mean E061?"),
        "{err}"
    );
    let out = eksnet().args(["explain", "XYZZY-1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // `rules` still lists every code.
    let rules = stdout(&["rules"]);
    for r in eksnet::rules::catalog::RULES {
        assert!(rules.contains(r.code), "{}", r.code);
    }
}

#[test]
fn explain_an_add_on_by_its_name() {
    for addon in eksnet::spec::Addon::ALL {
        let text = stdout(&["explain", addon.as_str()]);
        assert!(text.starts_with(&format!("{addon} (add-on): ")), "{text}");
        for e in addon.profile().endpoints {
            assert!(text.contains(e), "{addon}: {e}");
        }
        assert!(
            text.contains("Source:") && text.contains("https://"),
            "{text}"
        );
    }
    let text = stdout(&["explain", "karpenter"]);
    snap!(insta::assert_snapshot!("explain_addon_karpenter", text));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["explain", "cloudwatch", "--output", "json"])).unwrap();
    assert_eq!(json["managedAddon"], "amazon-cloudwatch-observability");
    assert_eq!(json["nodePolicies"][0], "CloudWatchAgentServerPolicy");
    let out = eksnet().args(["explain", "karpentr"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("did you mean karpenter?"), "{err}");
}

#[test]
fn explain_json_carries_the_facts() {
    let json = stdout(&[
        "explain",
        "--quiet",
        "--architecture",
        "fully-private",
        "--output",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let stmts = v["statements"].as_array().expect("statements");
    assert!(stmts
        .iter()
        .all(|s| !s["facts"].as_array().unwrap().is_empty()));
    assert!(v["sources"].as_array().is_some_and(|s| !s.is_empty()));
}

// ---------------------------------------------------------------- compare

#[test]
fn compare_text_and_json() {
    let text = stdout(&["compare", "--quiet"]);
    snap!(insta::assert_snapshot!("compare_text", text));
    let json = stdout(&["compare", "--quiet", "--output", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    snap!(insta::assert_json_snapshot!("compare_json", v));
}

#[test]
fn compare_costs_add_up_from_each_plan() {
    let spec = LoadedSpec::built_in().spec;
    let cols = compare::compare(&spec, 0);
    // The four architectures, public-private twice (single and per-AZ NAT).
    assert_eq!(cols.len(), 5);
    let variants = compare::Variant::all();
    assert_eq!(cols[2].label, "public-private per-az");
    assert_eq!(cols[2].summary.as_ref().unwrap().cost.nat_gateways, 3);
    for (c, v) in cols.iter().zip(variants) {
        assert_eq!(c.label, v.label());
        let s = c.summary.as_ref().expect("every architecture plans");
        let t = topology(&v.spec(&spec));
        let k = &s.cost;
        assert_eq!(k.nat_gateways, t.nat_gateways.len());
        let eni_azs: usize = t
            .endpoints
            .iter()
            .filter(|e| e.kind == eksnet::topology::EndpointKind::Interface)
            .map(|e| e.subnets.len())
            .sum();
        assert_eq!(k.interface_endpoint_azs, eni_azs);
        let node_ips = if t.node_group.private_networking {
            0
        } else {
            t.node_group.desired_size as usize
        };
        assert_eq!(k.public_ipv4_addresses, t.nat_gateways.len() + node_ips);
        let parts = k.nat_gateways_usd + k.interface_endpoints_usd + k.public_ipv4_usd;
        assert!((k.total_usd - parts).abs() < 1e-9);
    }
    // The same VPC and AZs in every column.
    let mut azs = cols
        .iter()
        .map(|c| {
            let s = c.summary.as_ref().unwrap();
            s.public_subnets.len().max(s.private_subnets.len())
        })
        .collect::<Vec<_>>();
    azs.dedup();
    assert_eq!(azs.len(), 1);
}

#[test]
fn compare_prices_a_month_of_traffic_and_finds_break_evens() {
    let spec = LoadedSpec::built_in().spec;
    let gb = 2000;
    let cols = compare::compare(&spec, gb);
    let month = |arch: Architecture| {
        let c = cols.iter().find(|c| c.architecture == arch).unwrap();
        let m = c.summary.as_ref().unwrap().monthly.clone();
        assert_eq!(c.monthly_usd, Some(m.monthly_usd));
        m
    };
    for arch in Architecture::ALL {
        let m = month(arch);
        let parts = m.nat_gateway_hours_usd
            + m.nat_gateway_gb_usd
            + m.interface_endpoint_hours_usd
            + m.interface_endpoint_gb_usd
            + m.gateway_endpoints_usd
            + m.public_ipv4_usd
            + m.cross_az_usd
            + m.control_plane_usd;
        assert!((m.monthly_usd - parts).abs() < 0.01, "{arch}: {m:?}");
        assert!((m.fixed_usd + m.per_gb_usd * gb as f64 - m.monthly_usd).abs() < 0.01);
    }
    // The built-in spec: one NAT gateway in the first of three AZs, so two
    // thirds of the traffic cross an AZ there and back.
    let pp = month(Architecture::PublicPrivate);
    assert!(
        (pp.nat_gateway_gb_usd - 2000.0 * 0.045).abs() < 1e-3,
        "{pp:?}"
    );
    assert!(
        (pp.cross_az_usd - 2000.0 * 2.0 / 3.0 * 0.02).abs() < 1e-3,
        "{pp:?}"
    );
    assert_eq!(pp.interface_endpoint_gb_usd, 0.0);
    let fp = month(Architecture::FullyPrivate);
    assert!(
        (fp.interface_endpoint_gb_usd - 2000.0 * 0.01).abs() < 1e-3,
        "{fp:?}"
    );
    assert_eq!(
        fp.nat_gateway_hours_usd + fp.nat_gateway_gb_usd + fp.cross_az_usd,
        0.0
    );
    let po = month(Architecture::PublicOnly);
    assert_eq!(po.per_gb_usd, 0.0);
    // A NAT gateway per AZ: three times the gateway-hours, no AZ crossed.
    let per_az = cols
        .iter()
        .find(|c| c.label == "public-private per-az")
        .and_then(|c| c.summary.as_ref())
        .map(|s| s.monthly.clone())
        .unwrap();
    assert_eq!(per_az.cross_az_usd, 0.0);
    assert!((per_az.nat_gateway_hours_usd - 3.0 * pp.nat_gateway_hours_usd).abs() < 1e-6);
    assert_eq!(per_az.nat_gateway_gb_usd, pp.nat_gateway_gb_usd);
    // Hourly charges alone make fully-private dearer; its lower cost per GB
    // wins past the break-even traffic.
    let text = compare::text(&spec, &cols);
    assert!(
        text.contains("at 2000 GB of node traffic a month"),
        "{text}"
    );
    assert!(text.contains("public-private costs less below"), "{text}");
    assert!(text.contains("fully-private above"), "{text}");
    assert!(text.contains("us-east-1 list prices"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&compare::json(&spec, &cols)).unwrap();
    assert_eq!(json["monthlyGb"], 2000);
    assert!(json["architectures"][3]["monthlyUsd"]
        .as_f64()
        .is_some_and(|v| v > 0.0));
    assert!(json["breakEven"].as_array().is_some_and(|b| !b.is_empty()));
}

#[test]
fn compare_resets_settings_another_architecture_rejects() {
    // A private-only spec with a transit gateway still compares: the other
    // columns drop the egress settings they would reject.
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("s.yaml");
    std::fs::write(
        &spec,
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: c\nregion: eu-west-1\narchitecture: private-only\nvpc:\n  cidr: 10.1.0.0/16\n  egress: transit-gateway\n  transitGatewayId: tgw-0123456789abcdef0\n",
    )
    .unwrap();
    let out = eksnet()
        .args(["compare", "--quiet", "--spec", spec.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("transit gateway tgw-0123456789abcdef0"),
        "{text}"
    );
    assert!(text.contains("VPC 10.1.0.0/16 in eu-west-1"), "{text}");
}

// ---------------------------------------------------------------- diagrams

#[test]
fn diagrams_of_each_architecture() {
    for arch in Architecture::ALL {
        for format in ["mermaid", "dot"] {
            let text = stdout(&[
                "diagram",
                "--quiet",
                "--architecture",
                arch.as_str(),
                "--format",
                format,
            ]);
            snap!(insta::assert_snapshot!(
                format!("diagram_{format}_{arch}"),
                text
            ));
        }
    }
}

#[test]
fn diagrams_are_deterministic_complete_and_safe() {
    for (name, t) in variants() {
        for format in [diagram::Format::Mermaid, diagram::Format::Dot] {
            let a = diagram::render(&t, format);
            assert_eq!(a, diagram::render(&t, format), "{name}: not deterministic");
            for s in &t.subnets {
                assert!(
                    a.contains(&s.cidr.to_string()),
                    "{name}: {} missing",
                    s.cidr
                );
            }
            for az in &t.availability_zones {
                assert!(
                    a.contains(&format!("\"{}\"", az.name)),
                    "{name}: AZ box {}",
                    az.name
                );
            }
        }
        let scene = diagram::Scene::of(&t);
        let nodes = diagram::all_nodes(&scene.groups);
        let mut ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "{name}: ids collide");
        assert!(ids
            .iter()
            .all(|i| i.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')));
        // Every edge joins drawn boxes; every node subnet has an API arrow.
        for e in &scene.edges {
            assert!(
                ids.contains(&e.from.as_str()) && ids.contains(&e.to.as_str()),
                "{name}: {e:?}"
            );
        }
        for r in eksnet::topology::reach::analyze(&t) {
            let sid = nodes
                .iter()
                .find(|n| n.lines[0].ends_with(&t.subnet(&r.subnet).unwrap().cidr.to_string()))
                .map(|n| n.id.clone())
                .expect("the subnet is drawn");
            assert!(
                scene.edges.iter().any(|e| e.from == sid
                    && matches!(e.kind, diagram::EdgeKind::Api | diagram::EdgeKind::Broken)),
                "{name}: no API arrow from {}",
                r.subnet
            );
            let broken = scene
                .edges
                .iter()
                .any(|e| e.kind == diagram::EdgeKind::Broken);
            if !r.api.ok {
                assert!(broken, "{name}: a broken path is drawn as broken");
            }
        }
    }
}

#[test]
fn labels_are_escaped_for_each_language() {
    let mut t = topology(&spec_of(Architecture::PublicPrivate));
    t.region = "us-west-2\"<b>#1\\".into();
    let m = diagram::render(&t, diagram::Format::Mermaid);
    assert!(m.contains("us-west-2#quot;#lt;b#gt;#35;1\\"), "{m}");
    let d = diagram::render(&t, diagram::Format::Dot);
    assert!(d.contains("us-west-2\\\"<b>#1\\\\"), "{d}");
}

/// Every architecture's Mermaid and DOT, drawn by mermaid-cli and Graphviz;
/// any render error fails.
#[test]
fn real_renderers_draw_every_diagram() {
    let (Some(dot), Some(mmdc), Some(puppeteer)) = (
        tool("EKSNET_DOT"),
        tool("EKSNET_MMDC"),
        tool("EKSNET_PUPPETEER_CONFIG"),
    ) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    for (name, t) in variants() {
        let base = name.replace(' ', "_");
        let d = tmp.path().join(format!("{base}.dot"));
        std::fs::write(&d, diagram::render(&t, diagram::Format::Dot)).unwrap();
        let svg = tmp.path().join(format!("{base}.dot.svg"));
        let out = Command::new(&dot)
            .arg("-Tsvg")
            .arg(&d)
            .arg("-o")
            .arg(&svg)
            .output()
            .expect("dot runs");
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{name}: dot: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));

        let m = tmp.path().join(format!("{base}.mmd"));
        std::fs::write(&m, diagram::render(&t, diagram::Format::Mermaid)).unwrap();
        let svg = tmp.path().join(format!("{base}.mmd.svg"));
        let out = Command::new(&mmdc)
            .arg("-p")
            .arg(&puppeteer)
            .arg("-i")
            .arg(&m)
            .arg("-o")
            .arg(&svg)
            .output()
            .expect("mmdc runs");
        assert!(
            out.status.success(),
            "{name}: mmdc: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let drawn = std::fs::read_to_string(&svg).unwrap();
        assert!(
            drawn.contains("<svg") && !drawn.contains("Syntax error"),
            "{name}: {drawn}"
        );
    }
}

// ---------------------------------------------------------------- README

#[test]
fn readme_holds_diagram_table_explanations_and_deploy_steps() {
    for arch in Architecture::ALL {
        let t = topology(&spec_of(arch));
        let md = readme::readme(&t);
        assert!(md.contains(&format!(
            "```mermaid\n{}```",
            diagram::render(&t, diagram::Format::Mermaid)
        )));
        for s in &t.subnets {
            assert!(
                md.lines()
                    .any(|l| l.starts_with(&format!("| {} | {} |", s.id, s.az))),
                "{arch}: no row for {}",
                s.id
            );
        }
        for s in explain::statements(&t)
            .iter()
            .filter(|s| s.section != explain::Section::Paths)
        {
            assert!(
                md.contains(&readme::md_text(&s.text)),
                "{arch}: missing {}",
                s.text
            );
        }
        for cmd in [
            "aws cloudformation deploy",
            "--template-file cloudformation/template.yaml",
            "--capabilities CAPABILITY_IAM",
            "terraform init",
            "terraform apply",
            "eksctl create cluster -f eksctl/cluster.yaml",
        ] {
            assert!(md.contains(cmd), "{arch}: {cmd}");
        }
        let sources = md
            .split("\n## Sources\n")
            .nth(1)
            .expect("a Sources section");
        let cited = explain::cited(&explain::statements(&t));
        assert!(!cited.is_empty(), "{arch}: nothing cited");
        for r in cited {
            let link = format!("]({}) (checked {})", r.url(), r.checked());
            assert!(r.url().starts_with("https://"), "{arch}: {}", r.url());
            assert!(sources.contains(&link), "{arch}: no link for [{}]", r.key());
        }
        if arch == Architecture::PublicPrivate {
            snap!(insta::assert_snapshot!("readme_public-private", md));
        }
    }
}

#[test]
fn invalid_specs_fail_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    for cmd in ["explain", "diagram"] {
        let out = eksnet()
            .current_dir(tmp.path())
            .args([cmd, "--vpc-cidr", "10.0.0.0/8"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(out.stdout.is_empty(), "{cmd}: nothing half-written");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("error[E011]"), "{cmd}: {err}");
    }
    let out = eksnet()
        .current_dir(tmp.path())
        .args(["compare", "--vpc-cidr", "10.0.0.0/8"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("(not planned)") && text.contains("E011"),
        "{text}"
    );
    let out = eksnet()
        .current_dir(tmp.path())
        .args(["diagram", "--spec", "missing.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
