//! What can be wrong with the AWS data files that vpcec embeds.

use std::fmt;

/// A data file (`data/regions.json`, `data/services.json`,
/// `data/aws-buckets.json`) that does not hold what vpcec relies on. The
/// embedded files never do (the test suite parses them); the type exists for
/// the catalog's parsers, which also read other text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataError {
    /// The file is not JSON of the expected shape.
    Malformed {
        /// The file, as `data/NAME.json`.
        file: &'static str,
        /// The JSON parser's description.
        reason: String,
    },
    /// A bucket set of `data/aws-buckets.json` breaks one of its rules.
    BucketSet {
        /// The set's name.
        name: String,
        /// What is wrong, e.g. "is listed twice".
        problem: String,
    },
    /// An unconfirmed set of `data/aws-buckets.json` is listed twice or names
    /// no objects.
    UnconfirmedSet {
        /// The set's name.
        name: String,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Malformed { file, reason } => write!(f, "{file}: {reason}"),
            DataError::BucketSet { name, problem } => write!(f, "data/aws-buckets.json: set `{name}` {problem}"),
            DataError::UnconfirmedSet { name } => write!(
                f,
                "data/aws-buckets.json: unconfirmed set `{name}` is listed twice or has no objects"
            ),
        }
    }
}

impl std::error::Error for DataError {}
