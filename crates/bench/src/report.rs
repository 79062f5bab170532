//! The report: every run's JSON line → per scenario and database, the median of each figure for each
//! server and how many times better WOXLY's is, as Markdown tables.

use std::{collections::BTreeMap, path::Path};

use anyhow::Context;
use serde_json::Value;

/// (scenario, db, parameters) → metric → target → values of the runs, in file order.
type Key = (String, String, String);
type Figures = BTreeMap<Key, BTreeMap<String, BTreeMap<String, Vec<f64>>>>;

pub fn markdown(results: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(results).with_context(|| format!("read {}", results.display()))?;
    let mut figures = Figures::new();
    let mut order = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let run: Value = serde_json::from_str(line)?;
        let key = (
            run["scenario"].as_str().unwrap_or("?").to_owned(),
            run["db"].as_str().unwrap_or("?").to_owned(),
            run["params"].to_string(),
        );
        if !order.contains(&key) {
            order.push(key.clone());
        }
        let target = run["target"].as_str().unwrap_or("?").to_owned();
        for (metric, value) in run["metrics"].as_object().into_iter().flatten() {
            if let Some(value) = value.as_f64() {
                let by_target = figures.entry(key.clone()).or_default().entry(metric.clone()).or_default();
                by_target.entry(target.clone()).or_default().push(value);
            }
        }
    }
    let mut out = String::new();
    for key in &order {
        let (scenario, db, params) = key;
        let metrics = &figures[key];
        let runs = metrics.values().flat_map(|t| t.values().map(Vec::len)).max().unwrap_or(0);
        out.push_str(&format!("### {scenario} — {db}\n\nParameters: `{params}`; median of {runs} runs.\n\n"));
        // WOXLY beside every other target of the runs: an earlier build, the baseline, a cluster.
        let others: Vec<(&str, &str)> =
            OTHERS.iter().copied().filter(|(target, _)| metrics.values().any(|t| t.contains_key(*target))).collect();
        out.push_str("| figure | WOXLY |");
        for (_, name) in &others {
            out.push_str(&format!(" {name} | WOXLY better by |"));
        }
        out.push_str("\n| --- | ---: |");
        out.push_str(&" ---: | ---: |".repeat(others.len()));
        out.push('\n');
        for (metric, by_target) in metrics {
            let woxly = by_target.get("woxly").map(|v| median(v));
            out.push_str(&format!("| {metric} | {} |", show(woxly)));
            for (target, _) in &others {
                let other = by_target.get(*target).map(|v| median(v));
                out.push_str(&format!(" {} | {} |", show(other), advantage(metric, woxly, other)));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    Ok(out)
}

/// The targets WOXLY is compared with, as the tables name them.
const OTHERS: [(&str, &str); 3] =
    [("before", "WOXLY before"), ("node", "Node.js baseline"), ("cluster", "WOXLY, cluster")];

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) { (sorted[middle - 1] + sorted[middle]) / 2.0 } else { sorted[middle] }
}

fn show(value: Option<f64>) -> String {
    match value {
        None => "—".into(),
        Some(v) if v.is_nan() => "n/a".into(),
        Some(v) if v.abs() >= 100.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.3}").trim_end_matches('0').trim_end_matches('.').to_owned(),
    }
}

/// Rates are better higher, times and memory lower; counts get no ratio.
fn advantage(metric: &str, woxly: Option<f64>, node: Option<f64>) -> String {
    let (Some(w), Some(n)) = (woxly, node) else { return "—".into() };
    let ratio = if metric.contains("_per_s") || metric.ends_with("share_of_hash_rate") {
        w / n
    } else if ["_ms", "_s", "_kib", "_mib", "_per_connection"].iter().any(|s| metric.ends_with(s))
        && metric != "seconds"
    {
        n / w
    } else {
        return "—".into();
    };
    if ratio.is_finite() && ratio > 0.0 { format!("{ratio:.2}×") } else { "—".into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ratios_follow_the_direction_of_the_figure() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(advantage("acked_per_s", Some(300.0), Some(100.0)), "3.00×");
        assert_eq!(advantage("deliveries_per_s_within_50ms", Some(40.0), Some(20.0)), "2.00×");
        assert_eq!(advantage("kib_per_connection", Some(40.0), Some(50.0)), "1.25×");
        assert_eq!(advantage("ack_p99_ms", Some(2.0), Some(10.0)), "5.00×");
        assert_eq!(advantage("refused", Some(0.0), Some(3.0)), "—");
    }
}
