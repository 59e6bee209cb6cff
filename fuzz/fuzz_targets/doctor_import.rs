//! Any bytes as a doctor collection: the input is cut at NUL bytes into the
//! files `eksnet doctor` reads (vpcs.json, subnets.json, ... in that order;
//! an empty part is a file not collected), written to a directory, and
//! diagnosed.
//!
//! The import must turn any files into a report or an input error (exit 2),
//! the same way twice; panics, hangs and runaway memory are the findings.
#![no_main]

use eksnet::doctor::{self, import};
use libfuzzer_sys::fuzz_target;
use std::sync::atomic::{AtomicU64, Ordering};

const FILES: &[&str] = &[
    import::VPCS,
    import::SUBNETS,
    import::ROUTE_TABLES,
    import::INTERNET_GATEWAYS,
    import::NAT_GATEWAYS,
    import::VPC_ENDPOINTS,
    import::SECURITY_GROUPS,
    import::CLUSTER,
    import::NETWORK_ACLS,
    import::DHCP_OPTIONS,
    import::DNS_SUPPORT,
    import::DNS_HOSTNAMES,
    "nodegroup-fuzz.json",
];

static RUN: AtomicU64 = AtomicU64::new(0);

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!(
        "eksnet-fuzz-doctor-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    // An empty part is a file not collected (the optional ones may be missing).
    for (name, part) in FILES.iter().zip(data.split(|b| *b == 0)) {
        if !part.is_empty() {
            std::fs::write(dir.join(name), part).expect("write a file");
        }
    }
    let once = doctor::diagnose(&dir, &Default::default()).map(|r| format!("{r:?}"));
    let twice = doctor::diagnose(&dir, &Default::default()).map(|r| format!("{r:?}"));
    assert_eq!(once.is_ok(), twice.is_ok());
    if let (Ok(a), Ok(b)) = (once, twice) {
        assert_eq!(a, b, "the same files, the same report");
    }
    std::fs::remove_dir_all(&dir).ok();
});
