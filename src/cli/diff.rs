//! A short line diff for `build --check`.

/// A unified-style diff of two texts, at most `limit` changed lines shown.
pub fn short_diff(old: &str, new: &str, limit: usize) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Trim the common prefix and suffix, then an LCS table over the middle.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a_mid = &a[prefix..a.len() - suffix];
    let b_mid = &b[prefix..b.len() - suffix];
    let mut out = Vec::new();
    if a_mid.len() * b_mid.len() > 4_000_000 {
        out.extend(a_mid.iter().map(|l| format!("-{l}")));
        out.extend(b_mid.iter().map(|l| format!("+{l}")));
    } else {
        let width = b_mid.len() + 1;
        let mut lcs = vec![0u32; (a_mid.len() + 1) * width];
        for i in (0..a_mid.len()).rev() {
            for j in (0..b_mid.len()).rev() {
                lcs[i * width + j] = if a_mid[i] == b_mid[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a_mid.len() || j < b_mid.len() {
            if i < a_mid.len() && j < b_mid.len() && a_mid[i] == b_mid[j] {
                i += 1;
                j += 1;
            } else if i < a_mid.len() && (j == b_mid.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
                out.push(format!("-{}", a_mid[i]));
                i += 1;
            } else {
                out.push(format!("+{}", b_mid[j]));
                j += 1;
            }
        }
    }
    let total = out.len();
    let mut text = format!("@@ line {} @@\n", prefix + 1);
    for line in out.iter().take(limit) {
        text.push_str(line);
        text.push('\n');
    }
    if total > limit {
        text.push_str(&format!("... {} more changed lines\n", total - limit));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changed_lines_only() {
        let diff = short_diff("a\nb\nc\n", "a\nB\nc\n", 10);
        assert_eq!(diff, "@@ line 2 @@\n-b\n+B\n");
    }

    #[test]
    fn limits_output() {
        let old: String = (0..50).map(|i| format!("{i}\n")).collect();
        let diff = short_diff(&old, "", 5);
        assert!(diff.ends_with("... 45 more changed lines\n"), "{diff}");
    }
}
