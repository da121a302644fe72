//! Compile-speed benchmarks (`cargo bench`): the full pipeline on every
//! example, and on a generated file with many subnets and intents.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::driver::compile;
use vpcec::emit::{cfn, tf};

/// A file with `n` subnets over three zones, each reaching S3, a bucket and KMS.
fn generated(n: usize) -> String {
    let mut text = String::from("region eu-west-1;\nvpc big cidr 10.0.0.0/16;\nbucket bench-bucket-1;\nallow admin arn:aws:iam::111122223333:role/admin;\ndeny public;\n");
    for i in 0..n {
        let zone = ["a", "b", "c"][i % 3];
        text.push_str(&format!("subnet s{i} cidr 10.0.{i}.0/24 az eu-west-1{zone};\n"));
        text.push_str(&format!(
            "subnet s{i} reaches bucket bench-bucket-1 via gateway allow read;\n"
        ));
        text.push_str(&format!("subnet s{i} reaches kms, sts via interface;\n"));
    }
    text
}

fn pipeline(c: &mut Criterion) {
    let Ok(catalog) = Catalog::builtin() else { return };
    let mut sources: Vec<SourceFile> = std::fs::read_dir("examples")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "vpce"))
                .filter_map(|p| {
                    std::fs::read_to_string(&p).ok().map(|text| SourceFile {
                        name: p.display().to_string(),
                        text,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources.push(SourceFile {
        name: "generated-200.vpce".into(),
        text: generated(200),
    });
    for source in &sources {
        c.bench_function(&format!("compile+emit {}", source.name), |b| {
            b.iter(|| {
                let compilation = compile(black_box(source), catalog);
                if let Some(plan) = &compilation.plan {
                    black_box(cfn::emit(plan, cfn::TemplateFormat::Yaml).ok());
                    black_box(tf::emit(plan).ok());
                }
            })
        });
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
