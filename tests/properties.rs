//! Property tests of the planner: for random valid specs of every
//! architecture the network invariants hold; random input never panics.

use eksnet::spec::{
    Architecture, Egress, EndpointAccessSpec, LoadedSpec, NatMode, Spec, SpecSource,
};
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
        azs in 2usize..=6,
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn planned_networks_keep_their_invariants(spec in valid_spec()) {
        let p = plan(&spec);
        // Subnets that do not fit are the only acceptable errors here.
        let unexpected: Vec<_> = p.diagnostics.errors().filter(|d| d.code != "E017").collect();
        prop_assert!(unexpected.is_empty(), "unexpected errors: {unexpected:#?}");
        let Some(t) = p.valid() else { return Ok(()) };
        let n = spec.vpc.availability_zones.len();
        for (i, a) in t.subnets.iter().enumerate() {
            prop_assert!(t.vpc.cidr.contains(&a.cidr), "{} outside {}", a.cidr, t.vpc.cidr);
            for b in &t.subnets[..i] {
                prop_assert!(!cidr::overlaps(&a.cidr, &b.cidr), "{} overlaps {}", a.cidr, b.cidr);
            }
        }
        for tier in [Tier::Public, Tier::Private] {
            let wanted = match tier {
                Tier::Public => spec.architecture.has_public_subnets(),
                Tier::Private => spec.architecture.has_private_subnets(),
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
    fn the_default_layout_always_fits(arch in arch(), azs in 2usize..=6, (addr, prefix) in vpc_cidr()) {
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
