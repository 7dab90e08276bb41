//! The native side of the benchmark suite (`bench/run`): the DLP scanner built for
//! this machine, timed over the same corpus as the JavaScript side.
//!
//! It reads the corpus file `bench/run` writes (`{"prose": [..], "pii": [..],
//! "typical": "..", "policy": {..}}`), then answers one command per line on stdin
//! with one line of JSON on stdout, so the suite can interleave its rounds with
//! the JavaScript ones:
//!
//! - `pass VARIANT`: scans every prompt once: `{"ns": .., "matches": ..}`
//! - `typical N`: scans the typical prompt N times: `{"ns": ..}`
//! - `build N`: builds the policy's scanner N times: `{"ns": ..}`
//! - `matches VARIANT`: every match as `[prompt, rule, start, end]`, offsets in
//!   UTF-16 code units like the JavaScript API
//!
//! ```sh
//! cargo run --release --example bench_native -- bench/out/corpus.json
//! ```

use std::error::Error;
use std::io::{BufRead, Write};
use std::time::Instant;

use promptward::dlp::{utf16, Scanner};
use promptward::policy::PolicyDocument;
use serde_json::{json, Value};

struct Corpus {
    prose: Vec<String>,
    pii: Vec<String>,
    typical: String,
    policy: PolicyDocument,
}

impl Corpus {
    fn read(path: &str) -> Result<Corpus, Box<dyn Error>> {
        let mut value: Value = serde_json::from_slice(&std::fs::read(path)?)?;
        let mut take = |key: &str| value.get_mut(key).map(Value::take).unwrap_or(Value::Null);
        let prose: Vec<String> = serde_json::from_value(take("prose"))?;
        let pii: Vec<String> = serde_json::from_value(take("pii"))?;
        let typical: String = serde_json::from_value(take("typical"))?;
        let policy = PolicyDocument::from_value(take("policy"))?;
        Ok(Corpus { prose, pii, typical, policy })
    }

    fn variant(&self, name: &str) -> Result<&[String], Box<dyn Error>> {
        match name {
            "prose" => Ok(&self.prose),
            "pii" => Ok(&self.pii),
            _ => Err(format!("unknown corpus variant `{name}`").into()),
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).ok_or("usage: bench_native CORPUS.json")?;
    let corpus = Corpus::read(&path)?;
    let scanner = Scanner::from_policy(&corpus.policy)?;

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "{}", json!({ "ready": true, "rules": scanner.rules().len() }))?;
    out.flush()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let mut words = line.split_whitespace();
        let answer = match (words.next(), words.next()) {
            (Some("pass"), Some(variant)) => pass(&scanner, corpus.variant(variant)?),
            (Some("typical"), Some(n)) => repeat(n.parse()?, || {
                std::hint::black_box(scanner.scan(std::hint::black_box(&corpus.typical)));
            }),
            (Some("build"), Some(n)) => repeat(n.parse()?, || {
                std::hint::black_box(Scanner::from_policy(&corpus.policy).ok());
            }),
            (Some("matches"), Some(variant)) => matches(&scanner, corpus.variant(variant)?),
            (Some("quit"), _) | (None, _) => break,
            _ => return Err(format!("unknown command `{line}`").into()),
        };
        writeln!(out, "{answer}")?;
        out.flush()?;
    }
    Ok(())
}

/// Scans every prompt once.
fn pass(scanner: &Scanner, prompts: &[String]) -> Value {
    let start = Instant::now();
    let mut found = 0;
    for prompt in prompts {
        found += std::hint::black_box(scanner.scan(std::hint::black_box(prompt))).matches.len();
    }
    json!({ "ns": start.elapsed().as_nanos() as u64, "matches": found })
}

fn repeat(n: u32, mut work: impl FnMut()) -> Value {
    let start = Instant::now();
    for _ in 0..n {
        work();
    }
    json!({ "ns": start.elapsed().as_nanos() as u64 })
}

/// Every match of every prompt, with UTF-16 offsets.
fn matches(scanner: &Scanner, prompts: &[String]) -> Value {
    let mut all = Vec::new();
    for (index, prompt) in prompts.iter().enumerate() {
        let report = scanner.scan(prompt);
        let mut offsets: Vec<usize> =
            report.matches.iter().flat_map(|m| [m.start, m.end]).collect();
        utf16::convert(prompt, &mut offsets);
        for (m, span) in report.matches.iter().zip(offsets.chunks_exact(2)) {
            let rule = scanner.rules().get(m.rule).map_or("", |r| r.name.as_str());
            all.push(json!([index, rule, span.first(), span.get(1)]));
        }
    }
    Value::Array(all)
}
