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

use crate::aws::Catalog;

/// Runs the server on standard input and output until the client says
/// `exit` or closes the input. Returns whether the client shut the server
/// down first, as the protocol asks (the exit status is 1 otherwise).
pub fn run() -> Result<bool, String> {
    let catalog = Catalog::builtin().map_err(|e| format!("the embedded AWS data is broken: {e}"))?;
    let (connection, transport) = transport::stdio().map_err(|e| format!("cannot start the server: {e}"))?;
    let clean = server::Server::new(&connection, catalog).run();
    drop(connection);
    transport.finish();
    Ok(clean)
}
