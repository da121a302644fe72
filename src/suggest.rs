//! "Did you mean" suggestions for names, services and regions.

/// The Damerau-Levenshtein (optimal string alignment) distance between two
/// strings, in characters: insertions, deletions, substitutions and
/// transpositions of neighbours each count one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo:
/// at most a third of the word's length in edits (at least one, at most three).
/// Ties go to the candidate that sorts first, so the answer is deterministic.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let lowered = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (edit_distance(&lowered, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_transpositions_once() {
        assert_eq!(edit_distance("sqs", "sqs"), 0);
        assert_eq!(edit_distance("ksm", "kms"), 1);
        assert_eq!(edit_distance("eu-west-1", "eu-wset-1"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("r\u{e9}gion", "region"), 1, "characters, not bytes");
        assert_eq!(
            edit_distance("ca", "abc"),
            3,
            "optimal string alignment, not unrestricted"
        );
    }

    #[test]
    fn closest_picks_a_near_candidate_only() {
        let services = ["s3", "sqs", "sns", "kms", "ssm"];
        assert_eq!(closest("ksm", services), Some("kms"));
        assert_eq!(closest("dynamodbb", ["dynamodb", "s3"]), Some("dynamodb"));
        assert_eq!(closest("completely-else", services), None);
    }
}
