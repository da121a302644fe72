//! The one error type for a broken invariant of the compiler itself.
//!
//! Once the checker has accepted a program, every later phase relies on what
//! it established (every name resolves, every referenced resource exists in
//! the plan, every region is known). When one of those invariants does not
//! hold, the phase returns an [`InternalError`] instead of panicking or
//! silently dropping a resource. The driver turns it into E123 in exactly one
//! place, [`InternalError::into_diagnostic`], so a user sees "a bug in vpcec,
//! not in the source" and nothing is written.

use std::fmt;

use crate::diagnostics::Diagnostic;
use crate::rules::Code;

/// A broken invariant: a bug in vpcec, not in the user's program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalError {
    /// What did not hold, lowercase, user names in backticks.
    message: String,
}

impl InternalError {
    /// An internal error saying what did not hold.
    pub fn new(message: impl Into<String>) -> Self {
        InternalError {
            message: message.into(),
        }
    }

    /// What did not hold.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The E123 diagnostic every internal error is reported as.
    pub fn into_diagnostic(self) -> Diagnostic {
        Diagnostic::unlocated(Code::E123, format!("internal error: {}", self.message))
            .with_help("this is a bug in vpcec; please report it together with the source file")
    }
}

impl fmt::Display for InternalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InternalError {}

impl From<InternalError> for Diagnostic {
    fn from(error: InternalError) -> Self {
        error.into_diagnostic()
    }
}
