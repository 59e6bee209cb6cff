//! Any bytes as a spec file: read → plan → diagnostics placed → plan reports.
//!
//! The loader must turn any input into a spec or a diagnostic, the planner
//! any spec into a topology or errors, and the reports must render whatever
//! topology comes out. Panics, hangs and runaway memory are the findings.
#![no_main]

use eksnet::report;
use eksnet::spec::{LoadedSpec, SpecSource};
use eksnet::topology::plan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The size and UTF-8 checks happen on the file before this point.
    if data.len() as u64 > eksnet::spec::MAX_SPEC_BYTES {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = LoadedSpec::from_str(text, SpecSource::File("fuzz.yaml".into())) else {
        return;
    };
    let mut p = plan(&loaded.spec);
    loaded.place(&mut p.diagnostics);
    assert!(p.topology.is_some() || p.diagnostics.has_errors());
    if let Some(t) = &p.topology {
        let _ = report::plan_text(t);
        let _ = report::plan_json(t, &p.diagnostics);
    }
});
