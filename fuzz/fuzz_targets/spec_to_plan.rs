//! Any bytes as a spec file: read → plan → diagnostics placed → plan reports
//! → every format rendered (with and without the cluster).
//!
//! The loader must turn any input into a spec or a diagnostic, the planner
//! any spec into a topology or errors, and the reports and renderers must
//! handle whatever valid topology comes out, the same way twice. Panics,
//! template errors, hangs and runaway memory are the findings.
#![no_main]

use eksnet::render::{self, Format, RenderError, RenderOptions};
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
        let _ = report::plan_json(t, &p.diagnostics, None);
    }
    // `generate` renders only a plan without errors.
    let Some(t) = p.valid() else {
        return;
    };
    for network_only in [false, true] {
        let opts = RenderOptions {
            network_only,
            ..Default::default()
        };
        for format in Format::ALL {
            match render::render(t, format, &opts) {
                Ok(files) => {
                    let again = render::render(t, format, &opts).expect("renders twice");
                    assert_eq!(files, again, "{format} is not deterministic");
                }
                Err(RenderError::NetworkOnlyEksctl) if network_only => {}
                Err(e) => panic!("{format} failed on a valid topology: {e}"),
            }
        }
    }
});
