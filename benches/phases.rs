//! Per-phase benchmarks (`cargo bench --bench phases`) on generated programs
//! of 1k, 10k and 100k subnet-target intents (see `support/large.rs`), plus
//! whole-process runs of the release binary on the 100k program, which is
//! what a pre-commit hook pays. The generated inputs are also written to
//! `target/bench-inputs/` so the commands in BENCHMARKS.md can reuse them.

#[path = "support/large.rs"]
mod large;

use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use vpcec::aws::Catalog;
use vpcec::diagnostics::{render_human, SourceFile};
use vpcec::emit::{cfn, tf};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn inputs_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    target.join("bench-inputs")
}

fn phases(c: &mut Criterion) {
    let Ok(catalog) = Catalog::builtin() else { return };
    let _ = std::fs::create_dir_all(inputs_dir());
    let mut group = c.benchmark_group("phase");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for size in SIZES {
        let text = large::program(size);
        let _ = std::fs::write(inputs_dir().join(format!("large-{size}.vpce")), &text);
        let warned = large::program_with_warnings(size);
        let _ = std::fs::write(inputs_dir().join(format!("large-{size}-warnings.vpce")), &warned);
        let (program, _) = vpcec::syntax::parse(&text);
        let (Some(model), _) = vpcec::check::check(&program, catalog) else {
            continue;
        };
        let (plan, _) = vpcec::plan::build(&model, catalog, "large.vpce", "large");
        group.bench_with_input(BenchmarkId::new("parse", size), &text, |b, text| {
            b.iter(|| vpcec::syntax::parse(black_box(text)))
        });
        group.bench_with_input(BenchmarkId::new("check", size), &program, |b, program| {
            b.iter(|| vpcec::check::check(black_box(program), catalog))
        });
        group.bench_with_input(BenchmarkId::new("plan", size), &model, |b, model| {
            b.iter(|| vpcec::plan::build(black_box(model), catalog, "large.vpce", "large"))
        });
        group.bench_with_input(BenchmarkId::new("emit-tf", size), &plan, |b, plan| {
            b.iter(|| tf::emit(black_box(plan)))
        });
        group.bench_with_input(BenchmarkId::new("emit-cfn", size), &plan, |b, plan| {
            b.iter(|| cfn::emit(black_box(plan), cfn::TemplateFormat::Yaml))
        });
        let file = SourceFile {
            name: "large.vpce".into(),
            text: warned,
        };
        let diagnostics = vpcec::driver::compile(&file, catalog).diagnostics;
        group.bench_with_input(
            BenchmarkId::new("render-warnings", size),
            &diagnostics,
            |b, diagnostics| b.iter(|| render_human(&file, black_box(diagnostics), false)),
        );
    }
    group.finish();
}

/// The whole process, start-up included, on the generated files (written by
/// `phases`, which runs first), with the binary `cargo bench` builds.
fn process(c: &mut Criterion) {
    let binary = env!("CARGO_BIN_EXE_vpcec");
    let mut group = c.benchmark_group("process");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    let run = |args: &[&str]| {
        let status = Command::new(binary).args(args).output().map(|o| o.status.code());
        black_box(status)
    };
    group.bench_function("check examples/s3-gateway.vpce", |b| {
        b.iter(|| run(&["check", "examples/s3-gateway.vpce"]))
    });
    let large = inputs_dir().join("large-100000.vpce");
    let large = large.to_string_lossy().into_owned();
    let out = inputs_dir().join("out");
    let out = out.to_string_lossy().into_owned();
    group.bench_function("check large-100000", |b| b.iter(|| run(&["check", &large])));
    group.bench_function("build --target tf large-100000", |b| {
        b.iter(|| run(&["build", &large, "--target", "tf", "-o", &out]))
    });
    group.finish();
}

criterion_group!(benches, phases, process);
criterion_main!(benches);
