//! Phase 4: the emitters. They read only the [`crate::plan::model::Plan`].

pub mod cfn;
pub mod tf;

/// One file an emitter produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// File name (no directory), e.g. `lab.eu-west-1.yaml`.
    pub name: String,
    /// The whole content.
    pub content: String,
}
