//! `vpcec lsp`: a language server over standard input and output.
//!
//! It exposes what the compiler already knows to an editor: the diagnostics
//! of the whole pipeline as the text changes, `vpcec explain` on hover,
//! completion from the grammar and the AWS data, navigation and rename of
//! declared names, the `vpcec fmt` layout, and the fixes that diagnostics
//! carry as code actions (the machine-applicable ones are also `vpcec check
//! --fix`). One file per concern:
//!
//! - [`transport`]: the framed JSON-RPC on stdio, robust to bad frames;
//! - [`server`]: the life cycle and the dispatch of requests;
//! - [`documents`]: the open texts and their analyses;
//! - [`position`]: UTF-16 positions and byte offsets;
//! - [`diagnostics`], [`hover`], [`completion`], [`navigation`] (definition,
//!   references, rename, outline), [`formatting`], [`actions`];
//! - [`symbols`]: the index of names, regions, zones and services.

pub mod actions;
pub mod completion;
pub mod diagnostics;
pub mod documents;
pub mod formatting;
pub mod hover;
pub mod navigation;
pub mod position;
pub mod server;
pub mod symbols;
pub mod transport;

#[cfg(test)]
mod tests;

use std::fmt;

use crate::aws::{Catalog, DataError};

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    /// The embedded AWS data does not parse (a bug of the build).
    Catalog(DataError),
    /// The threads that read and write standard input and output could not start.
    Transport(std::io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Catalog(e) => write!(f, "the embedded AWS data is broken: {e}"),
            StartError::Transport(e) => write!(f, "cannot start the server: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Runs the server on standard input and output until the client says
/// `exit` or closes the input. Returns whether the client shut the server
/// down first, as the protocol asks (the exit status is 1 otherwise).
pub fn run() -> Result<bool, StartError> {
    let catalog = Catalog::builtin().map_err(StartError::Catalog)?;
    let (connection, transport) = transport::stdio().map_err(StartError::Transport)?;
    let clean = server::Server::new(&connection, catalog).run();
    drop(connection);
    transport.finish();
    Ok(clean)
}
