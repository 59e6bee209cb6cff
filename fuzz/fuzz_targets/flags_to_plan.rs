//! Any bytes as command-line flags (split at NUL bytes) over a spec:
//! clap parses them, the overrides apply, the plan and its diagnostics'
//! places follow. Flags bypass YAML typing, so they reach values the spec
//! file cannot (a u8 prefix of 255, an empty AZ list, a tag key `=`).
#![no_main]

use clap::Parser;
use eksnet::spec::{LoadedSpec, Overrides, SpecSource, DEFAULT_SPEC};
use eksnet::topology::plan;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Parser)]
#[command(name = "eksnet")]
struct Flags {
    #[command(flatten)]
    overrides: Overrides,
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let args = std::iter::once("eksnet").chain(text.split('\0'));
    let Ok(flags) = Flags::try_parse_from(args) else {
        return;
    };
    // The built-in spec, and the same text as a file (flag locations differ).
    for source in [SpecSource::BuiltIn, SpecSource::File("fuzz.yaml".into())] {
        let mut loaded = LoadedSpec::from_str(DEFAULT_SPEC, source).expect("the default spec");
        flags.overrides.apply(&mut loaded);
        let mut p = plan(&loaded.spec);
        loaded.place(&mut p.diagnostics);
        assert!(p.topology.is_some() || p.diagnostics.has_errors());
        for d in p.diagnostics.iter() {
            assert!(d.place.field.is_none() || d.place.location.is_some(), "{d}");
        }
    }
});
