//! The in-process pipeline of every architecture, stage by stage:
//! parse (YAML → spec, with the key index), plan (spec → topology, with every
//! rule and the reachability engine: what `eksnet validate` runs), report
//! (the plan as text and JSON), render (each format), and the whole chain
//! of `generate` (parse, plan, every format). 3 and 5 AZs show how the cost
//! grows with the network.
//!
//! `cargo bench --bench pipeline`; scripts/bench times the whole process.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use eksnet::render::{self, Format, RenderOptions};
use eksnet::report;
use eksnet::spec::{Architecture, LoadedSpec, SpecSource};
use eksnet::topology::plan;

/// A spec of `arch` over the first `azs` zones of us-east-1 (six names, but
/// all six always include an AZ ID EKS refuses: at most five).
fn spec_text(arch: Architecture, azs: usize) -> String {
    let zones: Vec<String> = "abcdef"
        .chars()
        .take(azs)
        .map(|c| format!("us-east-1{c}"))
        .collect();
    let nat = if arch == Architecture::PublicPrivate {
        "  nat: single\n"
    } else {
        ""
    };
    // The public endpoint limited to one range, except where there is none.
    let access = if arch == Architecture::FullyPrivate {
        "  public: false\n  private: true\n"
    } else {
        "  public: true\n  private: true\n  publicCidrs: [203.0.113.0/24]\n"
    };
    format!(
        "apiVersion: eksnet/v1alpha1\nkind: ClusterNetwork\nname: bench\nregion: us-east-1\n\
         architecture: {arch}\nvpc:\n  cidr: 10.0.0.0/16\n  availabilityZones: [{}]\n{nat}\
         endpointAccess:\n{access}",
        zones.join(", ")
    )
}

fn load(text: &str) -> LoadedSpec {
    LoadedSpec::from_str(text, SpecSource::File("bench.yaml".into())).expect("the bench spec loads")
}

fn pipeline(c: &mut Criterion) {
    for azs in [3, 5] {
        for arch in Architecture::ALL {
            let text = spec_text(arch, azs);
            let id = format!("{arch}/{azs}az");
            // A bench of a broken spec would measure the error path only.
            let p = plan(&load(&text).spec);
            assert!(p.valid().is_some(), "{arch} {azs}: {:#?}", p.diagnostics);

            c.bench_with_input(BenchmarkId::new("parse", &id), &text, |b, t| {
                b.iter(|| load(black_box(t)))
            });
            let spec = load(&text).spec;
            c.bench_with_input(BenchmarkId::new("plan", &id), &spec, |b, s| {
                b.iter(|| plan(black_box(s)))
            });
            let t = p.topology.as_ref().expect("a topology");
            c.bench_with_input(BenchmarkId::new("report", &id), t, |b, t| {
                b.iter(|| {
                    (
                        report::plan_text(black_box(t)),
                        report::plan_json(t, &p.diagnostics, None),
                    )
                })
            });
            let opts = RenderOptions::default();
            for format in Format::ALL {
                let name = format!("render-{format}");
                c.bench_with_input(BenchmarkId::new(name, &id), t, |b, t| {
                    b.iter(|| render::render(black_box(t), format, &opts).expect("renders"))
                });
            }
            c.bench_with_input(BenchmarkId::new("all", &id), &text, |b, text| {
                b.iter(|| {
                    let l = load(black_box(text));
                    let mut p = plan(&l.spec);
                    l.place(&mut p.diagnostics);
                    let t = p.valid().expect("a valid topology");
                    Format::ALL
                        .map(|f| render::render(t, f, &opts).expect("renders"))
                        .len()
                })
            });
        }
    }
}

criterion_group! {
    name = benches;
    // Short runs: the stages take microseconds, and the machine is shared.
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2))
        .sample_size(30);
    targets = pipeline
}
criterion_main!(benches);
