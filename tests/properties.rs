//! Property tests of the planner: for random valid specs of every
//! architecture the network invariants hold; random input never panics.
//! Random spec-shaped documents (known keys, roughly typed values, spliced
//! junk) reach past the parser into the planner and the renderers, and every
//! diagnostic they raise can be placed in the file.

use eksnet::spec::{
    Architecture, Egress, EndpointAccessSpec, IpFamily, LoadedSpec, NatMode, PodNetworkMode,
    PodNetworkSpec, Spec, SpecSource,
};
use eksnet::topology::reach::{Family, Hop};
use eksnet::topology::{cidr, plan, reach, Tier};
use proptest::prelude::*;

fn arch() -> impl Strategy<Value = Architecture> {
    prop::sample::select(Architecture::ALL.to_vec())
}

/// A VPC CIDR in one of the private ranges, clear of the default service CIDR.
fn vpc_cidr() -> impl Strategy<Value = (u32, u8)> {
    (16u8..=24, 0u32..3, any::<u32>()).prop_map(|(prefix, range, bits)| {
        let (base, range_prefix): (u32, u8) = match range {
            0 => (u32::from_be_bytes([10, 0, 0, 0]), 8),
            1 => (u32::from_be_bytes([172, 16, 0, 0]), 12),
            _ => (u32::from_be_bytes([192, 168, 0, 0]), 16),
        };
        let prefix = prefix.max(range_prefix);
        let host_bits = 32 - prefix;
        let span = prefix - range_prefix;
        let offset = if span == 0 {
            0
        } else {
            (bits % (1 << span)) << host_bits
        };
        let mut addr = base | offset;
        // Keep clear of 10.100.0.0/16, the default service CIDR for non-10/8 VPCs
        // (and 172.20.0.0/16 for 10/8 ones is never hit from 10/8).
        if addr >> 16 == u32::from_be_bytes([0, 0, 10, 100]) {
            addr ^= 1 << 20;
        }
        (addr, prefix)
    })
}

prop_compose! {
    fn valid_spec()(
        arch in arch(),
        // Six AZ names of us-east-1 always include one EKS refuses (E009).
        azs in 2usize..=5,
        (addr, prefix) in vpc_cidr(),
        public_extra in prop::option::of(3u8..=6),
        private_extra in prop::option::of(2u8..=5),
        nat in prop::sample::select(vec![NatMode::None, NatMode::Single, NatMode::PerAz]),
        public_endpoint in any::<bool>(),
        tgw in any::<bool>(),
    ) -> Spec {
        let mut s = LoadedSpec::built_in().spec;
        s.architecture = arch;
        s.region = "us-east-1".into();
        s.vpc.availability_zones = "abcdef".chars().take(azs).map(|c| format!("us-east-1{c}")).collect();
        s.vpc.cidr = format!("{}/{prefix}", std::net::Ipv4Addr::from(addr));
        // Per-tier prefixes, kept within /28 and used only where the tier exists.
        let fit = |extra: u8| (prefix + extra).min(28);
        s.vpc.public_subnet_prefix = public_extra.filter(|_| arch.has_public_subnets()).map(fit);
        s.vpc.private_subnet_prefix = private_extra.filter(|_| arch.has_private_subnets()).map(fit);
        s.vpc.nat = (arch == Architecture::PublicPrivate).then_some(nat);
        s.vpc.egress = None;
        if arch == Architecture::PrivateOnly && tgw {
            s.vpc.egress = Some(Egress::TransitGateway);
            s.vpc.transit_gateway_id = Some("tgw-0123456789abcdef0".into());
        }
        // Private access on (what every architecture allows); public as drawn,
        // except in a fully private cluster.
        s.endpoint_access = EndpointAccessSpec {
            public: Some(public_endpoint && arch != Architecture::FullyPrivate),
            private: Some(true),
            public_cidrs: vec![],
        };
        s.service_ipv4_cidr = None;
        s
    }
}

prop_compose! {
    /// A valid spec with a pod network: a block of 100.64.0.0/10 (which any
    /// primary CIDR may add), either mode, prefix delegation or not.
    fn pod_spec()(
        spec in valid_spec(),
        secondary_prefix in 16u8..=24,
        block in any::<u32>(),
        split in prop::option::of(0u8..=3),
        discovery in any::<bool>(),
        prefix_delegation in any::<bool>(),
    ) -> Spec {
        let mut s = spec;
        let span = secondary_prefix - 10;
        let offset = (block % (1 << span)) << (32 - secondary_prefix);
        let addr = u32::from_be_bytes([100, 64, 0, 0]) | offset;
        let azs = s.vpc.availability_zones.len();
        let least = secondary_prefix + azs.next_power_of_two().trailing_zeros() as u8;
        s.pod_network = Some(PodNetworkSpec {
            secondary_cidr: Some(format!("{}/{secondary_prefix}", std::net::Ipv4Addr::from(addr))),
            mode: discovery.then_some(PodNetworkMode::SubnetDiscovery),
            subnet_prefix: split.map(|extra| (least + extra).min(28)),
            prefix_delegation,
        });
        s
    }
}

prop_compose! {
    /// A spec of either kind turned IPv6, with endpoint access and public
    /// CIDRs drawn from what users write (some of it refused).
    fn ipv6_spec()(
        spec in valid_spec(),
        private in any::<bool>(),
        cidrs in prop::sample::select(vec![
            vec![],
            vec!["::/0"],
            vec!["0.0.0.0/0"],
            vec!["0.0.0.0/0", "::/0"],
            vec!["203.0.113.0/24", "2001:db8::/32"],
        ]),
    ) -> Spec {
        let mut s = spec;
        s.ip_family = IpFamily::Ipv6;
        s.endpoint_access.private = Some(private);
        s.endpoint_access.public_cidrs = cidrs.into_iter().map(String::from).collect();
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Every accepted IPv6 spec: each node subnet reaches the API endpoint
    /// on some family; only the dual-stack API endpoint is reached over
    /// IPv6; every service path (ECR, S3, STS, add-ons) is IPv4.
    #[test]
    fn ipv6_clusters_reach_the_api_and_claim_no_ipv6_to_ipv4_only_services(spec in ipv6_spec()) {
        let p = plan(&spec);
        let Some(t) = p.valid() else { return Ok(()) };
        if p.diagnostics.errors().next().is_some() {
            return Ok(());
        }
        for r in reach::analyze(t) {
            prop_assert!(r.api_reached(), "{}: {} / {:?}", r.subnet, r.api.describe(), r.api_ipv6);
            let v6 = r.api_ipv6.as_ref().expect("an IPv6 cluster's IPv6 API path");
            prop_assert_eq!(v6.family, Family::Ipv6);
            // Accepted means E109 is absent: the IPv6 path works too.
            prop_assert!(v6.ok, "{}: {}", r.subnet, v6.describe());
            prop_assert!(matches!(v6.via.last(), Some(Hop::PrivateEndpoint | Hop::PublicEndpoint)), "{:?}", v6.via);
            for (label, path) in r.paths() {
                let to_api = std::ptr::eq(path, &r.api) || std::ptr::eq(path, v6);
                if !to_api {
                    prop_assert_eq!(path.family, Family::Ipv4, "{} over IPv6", label);
                }
                if path.family == Family::Ipv6 {
                    prop_assert!(!path.via.iter().any(|h| matches!(h, Hop::VpcEndpoint(_) | Hop::AwsPublicServices)), "{:?}", path.via);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// One pod subnet per AZ, inside the secondary CIDR, apart, on the route
    /// table of its AZ's node subnet, with no load balancer tag.
    #[test]
    fn pod_subnets_keep_their_invariants(spec in pod_spec()) {
        let p = plan(&spec);
        let unexpected: Vec<_> = p.diagnostics.errors().filter(|d| d.code.as_str() != "E017").collect();
        prop_assert!(unexpected.is_empty(), "unexpected errors: {unexpected:#?}");
        let Some(t) = p.valid() else { return Ok(()) };
        let secondary = t.vpc.secondary_cidrs[0];
        let pods: Vec<_> = t.subnets_of(Tier::Pod).collect();
        prop_assert_eq!(pods.len(), spec.vpc.availability_zones.len());
        for (pod, az) in pods.iter().zip(&spec.vpc.availability_zones) {
            prop_assert_eq!(&pod.az, az);
            prop_assert!(secondary.contains(&pod.cidr), "{} outside {}", pod.cidr, secondary);
            let node = t.node_subnets().find(|n| &n.az == az).expect("a node subnet per AZ");
            prop_assert_eq!(&pod.route_table, &node.route_table);
            prop_assert!(!pod.nodes);
            prop_assert!(!pod.tags.keys().any(|k| k.starts_with("kubernetes.io/role/") && k.ends_with("elb")));
        }
        for (i, a) in t.subnets.iter().enumerate() {
            for b in &t.subnets[..i] {
                prop_assert!(!cidr::overlaps(&a.cidr, &b.cidr), "{} overlaps {}", a.cidr, b.cidr);
            }
        }
    }

    #[test]
    fn planned_networks_keep_their_invariants(spec in valid_spec()) {
        let p = plan(&spec);
        // Subnets that do not fit are the only acceptable errors here.
        let unexpected: Vec<_> = p.diagnostics.errors().filter(|d| d.code.as_str() != "E017").collect();
        prop_assert!(unexpected.is_empty(), "unexpected errors: {unexpected:#?}");
        let Some(t) = p.valid() else { return Ok(()) };
        let n = spec.vpc.availability_zones.len();
        for (i, a) in t.subnets.iter().enumerate() {
            prop_assert!(t.vpc.cidrs().any(|v| v.contains(&a.cidr)), "{} outside {}", a.cidr, t.vpc.cidr);
            for b in &t.subnets[..i] {
                prop_assert!(!cidr::overlaps(&a.cidr, &b.cidr), "{} overlaps {}", a.cidr, b.cidr);
            }
        }
        for tier in [Tier::Public, Tier::Private, Tier::Pod] {
            let wanted = match tier {
                Tier::Public => spec.architecture.has_public_subnets(),
                Tier::Private => spec.architecture.has_private_subnets(),
                Tier::Pod => spec.pod_network.as_ref().is_some_and(|p| p.secondary_cidr.is_some()),
            };
            let azs: Vec<&str> = t.subnets_of(tier).map(|s| s.az.as_str()).collect();
            let expected: Vec<&str> = if wanted { spec.vpc.availability_zones.iter().map(String::as_str).collect() } else { vec![] };
            prop_assert_eq!(azs, expected, "one {:?} subnet per AZ", tier);
        }
        prop_assert_eq!(t.node_subnets().count(), n);
        for r in reach::analyze(t) {
            prop_assert!(r.api.ok, "{}: {}", r.subnet, r.api.describe());
            prop_assert!(r.images.ok, "{}: {}", r.subnet, r.images.describe());
        }
    }

    #[test]
    fn the_default_layout_always_fits(arch in arch(), azs in 2usize..=5, (addr, prefix) in vpc_cidr()) {
        let mut s = LoadedSpec::built_in().spec;
        s.architecture = arch;
        s.region = "us-east-1".into();
        s.vpc.availability_zones = "abcdef".chars().take(azs).map(|c| format!("us-east-1{c}")).collect();
        s.vpc.cidr = format!("{}/{prefix}", std::net::Ipv4Addr::from(addr));
        s.vpc.nat = None;
        s.endpoint_access = EndpointAccessSpec::default();
        s.service_ipv4_cidr = None;
        let p = plan(&s);
        prop_assert!(p.valid().is_some(), "{:#?}", p.diagnostics);
    }

    #[test]
    fn any_text_gives_a_spec_or_an_error_never_a_panic(text in "\\PC{0,300}") {
        if let Ok(l) = LoadedSpec::from_str(&text, SpecSource::BuiltIn) {
            let _ = plan(&l.spec);
        }
    }

    #[test]
    fn any_field_values_plan_without_panicking(
        name in "\\PC{0,120}",
        region in prop::sample::select(vec!["us-west-2", "cn-north-1", "us-gov-west-1", "xx-nowhere-1"]),
        cidr in "[0-9./:a-f]{0,20}",
        azs in prop::collection::vec("[a-z0-9-]{0,14}", 0..8),
        public in prop::collection::vec("[0-9./]{0,18}", 0..7),
        private_prefix in prop::option::of(0u8..=40),
        service in "[0-9./]{0,18}",
        arch in arch(),
        min in 0u32..5, desired in 0u32..5, max in 0u32..5,
    ) {
        let mut s = LoadedSpec::built_in().spec;
        s.name = name;
        s.region = region.into();
        s.architecture = arch;
        s.vpc.cidr = cidr;
        s.vpc.availability_zones = azs;
        s.vpc.subnets.public = public;
        s.vpc.private_subnet_prefix = private_prefix;
        s.service_ipv4_cidr = Some(service);
        s.node_group.min_size = min;
        s.node_group.desired_size = desired;
        s.node_group.max_size = max;
        let p = plan(&s);
        // Either a topology, or at least one error saying why not.
        prop_assert!(p.topology.is_some() || p.diagnostics.has_errors());
    }
}

/// Every key the spec knows, at any level, plus a few near-misses: random
/// documents built from them reach deep into the loader and the planner
/// instead of stopping at the first unknown key.
const KEYS: &[&str] = &[
    "apiVersion",
    "kind",
    "name",
    "region",
    "kubernetesVersion",
    "architecture",
    "vpc",
    "endpointAccess",
    "serviceIpv4Cidr",
    "nodeGroup",
    "privateLink",
    "privateLinkExclude",
    "tags",
    "karpenterDiscovery",
    "controlPlaneLogging",
    "secretsEncryption",
    "flowLogs",
    "adminPrincipalArns",
    "cidr",
    "availabilityZones",
    "nat",
    "publicSubnetPrefix",
    "privateSubnetPrefix",
    "subnets",
    "egress",
    "transitGatewayId",
    "public",
    "private",
    "publicCidrs",
    "instanceTypes",
    "minSize",
    "desiredSize",
    "maxSize",
    "nmae",
    "Name",
];

/// Scalars that are valid somewhere in a spec, and some that are not valid anywhere.
const SCALARS: &[&str] = &[
    "eksnet/v1alpha1",
    "ClusterNetwork",
    "us-west-2",
    "us-east-1",
    "cn-north-1",
    "1.35",
    "1.33",
    "public-private",
    "fully-private",
    "private-only",
    "public-only",
    "per-az",
    "single",
    "none",
    "transit-gateway",
    "10.0.0.0/16",
    "10.0.0.0/8",
    "192.168.0.0/29",
    "0.0.0.0/0",
    "2001:db8::/56",
    "us-west-2a",
    "usw2-az1",
    "use1-az3",
    "m6i.large",
    "s3",
    "logs",
    "api",
    "tgw-0123456789abcdef0",
    "true",
    "false",
    "~",
    "''",
    "0",
    "-1",
    "28",
    "4294967296",
    "1.5",
    "&a x",
    "*a",
    "'",
    "[",
    "{",
    "arn:aws:iam::123456789012:role/admin",
];

fn yaml_value() -> impl Strategy<Value = serde_yaml_ng::Value> {
    use serde_yaml_ng::Value;
    let leaf = prop_oneof![
        prop::sample::select(SCALARS).prop_map(|s| Value::String(s.to_string())),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Sequence),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|kv| {
                Value::Mapping(
                    kv.into_iter()
                        .map(|(k, v)| (Value::String(k.to_string()), v))
                        .collect(),
                )
            }),
        ]
    })
}

const TOP_KEYS: &[&str] = &[
    "kubernetesVersion",
    "architecture",
    "vpc",
    "endpointAccess",
    "serviceIpv4Cidr",
    "nodeGroup",
    "privateLink",
    "privateLinkExclude",
    "tags",
    "karpenterDiscovery",
    "controlPlaneLogging",
    "secretsEncryption",
    "flowLogs",
    "adminPrincipalArns",
    "name",
    "region",
];
const GROUP_KEYS: &[&str] = &[
    "cidr",
    "availabilityZones",
    "nat",
    "publicSubnetPrefix",
    "privateSubnetPrefix",
    "egress",
    "transitGatewayId",
    "public",
    "private",
    "publicCidrs",
    "instanceTypes",
    "minSize",
    "desiredSize",
    "maxSize",
];

/// A value of the type `key` takes (a list, a flag, a number, a group or a
/// string), with values that may still be wrong; now and then anything.
fn value_for(key: &'static str) -> BoxedStrategy<serde_yaml_ng::Value> {
    use serde_yaml_ng::Value;
    let scalar = || prop::sample::select(SCALARS).prop_map(|s| Value::String(s.to_string()));
    let typed: BoxedStrategy<Value> = match key {
        "availabilityZones"
        | "publicCidrs"
        | "instanceTypes"
        | "privateLink"
        | "privateLinkExclude"
        | "controlPlaneLogging"
        | "adminPrincipalArns" => prop::collection::vec(scalar(), 0..8)
            .prop_map(Value::Sequence)
            .boxed(),
        "public" | "private" | "karpenterDiscovery" | "secretsEncryption" | "flowLogs" => {
            any::<bool>().prop_map(Value::Bool).boxed()
        }
        "publicSubnetPrefix" | "privateSubnetPrefix" | "minSize" | "desiredSize" | "maxSize" => {
            (0u32..40).prop_map(|n| Value::Number(n.into())).boxed()
        }
        "vpc" | "endpointAccess" | "nodeGroup" | "tags" => {
            let keys: &'static [&'static str] = match key {
                "vpc" => &GROUP_KEYS[..7],
                "endpointAccess" => &GROUP_KEYS[7..10],
                "nodeGroup" => &GROUP_KEYS[10..],
                _ => &["team", "Name", "aws:x", "owner", ""],
            };
            // Mostly the group's own keys, sometimes any key of any group.
            let key =
                prop_oneof![6 => prop::sample::select(keys), 1 => prop::sample::select(GROUP_KEYS)];
            prop::collection::vec(key.prop_flat_map(|k| (Just(k), value_for(k))), 0..6)
                .prop_map(mapping)
                .boxed()
        }
        _ => scalar().boxed(),
    };
    prop_oneof![8 => typed, 1 => yaml_value()].boxed()
}

fn mapping(kv: Vec<(&str, serde_yaml_ng::Value)>) -> serde_yaml_ng::Value {
    serde_yaml_ng::Value::Mapping(
        kv.into_iter()
            .map(|(k, v)| (serde_yaml_ng::Value::String(k.to_string()), v))
            .collect(),
    )
}

/// A document shaped like a spec: usually the required keys, then top-level
/// keys with values of roughly the right shape (groups hold group keys).
fn spec_like_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            prop::sample::select(TOP_KEYS).prop_flat_map(|k| (Just(k), value_for(k))),
            0..8,
        ),
        prop::sample::select(KEYS),
        any::<bool>(),
        0u8..10,
    )
        .prop_map(|(kv, stray, required, odd)| {
            let mut text = if required {
                "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: p\nregion: us-west-2\n"
                    .to_string()
            } else {
                String::new()
            };
            let mut kv = kv;
            // Now and then a key from the wrong level.
            if odd == 0 {
                kv.push((stray, serde_yaml_ng::Value::Null));
            }
            // A key given twice is a parse error of its own; keep the last.
            let mut seen = std::collections::BTreeSet::new();
            kv.retain(|(k, _)| seen.insert(*k) && !(required && ["name", "region"].contains(k)));
            if !kv.is_empty() {
                text.push_str(&serde_yaml_ng::to_string(&mapping(kv)).unwrap_or_default());
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// Random spec-shaped documents, whole or cut and spliced: the loader
    /// gives a spec or a located diagnostic, the planner never panics, and
    /// every diagnostic about a field can be placed.
    #[test]
    fn spec_shaped_documents_load_or_fail_with_a_place(
        text in spec_like_text(),
        cut in any::<prop::sample::Index>(),
        junk in "\\PC{0,6}",
        splice in any::<bool>(),
    ) {
        let text = if splice && !text.is_empty() {
            let mut at = cut.index(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            format!("{}{junk}{}", &text[..at], &text[at..])
        } else {
            text
        };
        match LoadedSpec::from_str(&text, SpecSource::File("p.yaml".into())) {
            Ok(l) => {
                let mut p = plan(&l.spec);
                l.place(&mut p.diagnostics);
                prop_assert!(p.topology.is_some() || p.diagnostics.has_errors());
                // What `generate` would write: every format renders.
                if let Some(t) = p.valid() {
                    for f in eksnet::render::Format::ALL {
                        let r = eksnet::render::render(t, f, &Default::default());
                        prop_assert!(r.is_ok(), "{f}: {:?}", r.err());
                    }
                }
                for d in p.diagnostics.iter() {
                    if d.place.field.is_some() {
                        let loc = d.place.location.as_deref().unwrap_or_default();
                        prop_assert!(loc.starts_with("p.yaml"), "{d}");
                    }
                }
            }
            Err(eksnet::spec::LoadError::Invalid(d)) => {
                prop_assert!(d.code.as_str().starts_with('S'), "{d}");
                let loc = d.place.location.clone().unwrap_or_default();
                prop_assert!(loc.starts_with("p.yaml"), "{d}");
            }
            Err(eksnet::spec::LoadError::InvalidKeys(ds)) => {
                prop_assert!(ds.len() > 1);
                for d in ds {
                    prop_assert_eq!(d.code.as_str(), "S003");
                    let loc = d.place.location.clone().unwrap_or_default();
                    prop_assert!(loc.starts_with("p.yaml"), "{d}");
                }
            }
            Err(e) => prop_assert!(false, "a string cannot fail to read: {e}"),
        }
    }

    /// The key index walks any text, YAML or not, and answers any path.
    #[test]
    fn the_key_index_never_panics(
        text in prop_oneof![spec_like_text(), "\\PC{0,200}"],
        path in "[a-zA-Z.\\[\\]0-9]{0,30}",
    ) {
        let idx = eksnet::spec::KeyIndex::build(&text);
        let _ = idx.find(&path);
        let _ = idx.first_duplicate();
    }
}
