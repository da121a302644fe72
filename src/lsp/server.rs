//! The server loop: the protocol's life cycle (initialize, shutdown, exit),
//! the documents' notifications, and one handler per request.
//!
//! Documents are re-checked when no message is waiting, so that a burst of
//! keystrokes is checked once. Every request gets an answer: parameters
//! that do not fit the method, an unknown document or a position past the
//! end of one get an error response; a handler that panics (a bug) gets an
//! internal error, and the server goes on.

use std::panic::{catch_unwind, AssertUnwindSafe};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, LogMessage, Notification as _,
    PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, InitializeResult,
    LogMessageParams, MessageType, OneOf, PositionEncodingKind, PublishDiagnosticsParams, RenameOptions,
    ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::documents::{Document, Documents};
use super::{actions, completion, diagnostics, formatting, hover, navigation};
use crate::aws::Catalog;
use crate::cli::io::MAX_SOURCE_BYTES;
use crate::report::cost::Pricing;

/// "The server received a request before `initialize`" (LSP).
const SERVER_NOT_INITIALIZED: i32 = -32002;

/// Where the protocol's life cycle stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Running,
    ShutDown,
}

/// A failed request: the JSON-RPC code and a message.
type Failure = (i32, String);

fn invalid_params(message: impl Into<String>) -> Failure {
    (ErrorCode::InvalidParams as i32, message.into())
}

/// The server's state.
pub struct Server<'a> {
    connection: &'a Connection,
    catalog: &'static Catalog,
    pricing: Option<Pricing>,
    documents: Documents,
    phase: Phase,
}

/// What the server can do.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions::default()),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, actions::fix_all_kind()]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

impl<'a> Server<'a> {
    /// A server on `connection`.
    pub fn new(connection: &'a Connection, catalog: &'static Catalog) -> Self {
        Server {
            connection,
            catalog,
            pricing: Pricing::builtin().ok(),
            documents: Documents::default(),
            phase: Phase::Uninitialized,
        }
    }

    /// Serves until `exit` or the end of the input. Returns whether the
    /// client asked for `shutdown` first (the exit status is 0 then, else 1).
    pub fn run(&mut self) -> bool {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => self.request(request),
                Message::Notification(notification) if notification.method == "exit" => break,
                Message::Notification(notification) => {
                    let method = notification.method.clone();
                    if catch_unwind(AssertUnwindSafe(|| self.notification(notification))).is_err() {
                        self.log(
                            MessageType::ERROR,
                            &format!("vpcec lsp: a bug while handling `{method}`"),
                        );
                    }
                }
                Message::Response(_) => {} // the server sends no requests
            }
            if self.connection.receiver.is_empty() {
                self.recheck();
            }
        }
        self.phase == Phase::ShutDown
    }

    fn send(&self, message: impl Into<Message>) {
        // A closed connection ends the loop at the next receive.
        let _ = self.connection.sender.send(message.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    fn log(&self, kind: MessageType, message: &str) {
        self.notify::<LogMessage>(LogMessageParams {
            typ: kind,
            message: message.to_string(),
        });
    }

    /// Checks every document changed since its last check, and publishes.
    fn recheck(&mut self) {
        let catalog = self.catalog;
        let mut published = Vec::new();
        for doc in self.documents.pending() {
            doc.pending = false;
            if doc.too_large() {
                published.push((diagnostics::publish(doc), Some(doc.text.len())));
                continue;
            }
            if catch_unwind(AssertUnwindSafe(|| doc.analyse(catalog))).is_err() {
                continue;
            }
            published.push((diagnostics::publish(doc), None));
        }
        for (params, too_large) in published {
            self.publish(params, too_large);
        }
    }

    fn publish(&self, params: PublishDiagnosticsParams, too_large: Option<usize>) {
        if let Some(bytes) = too_large {
            self.notify::<ShowMessage>(ShowMessageParams {
                typ: MessageType::WARNING,
                message: format!(
                    "vpcec: {} is {bytes} bytes, over the limit of {MAX_SOURCE_BYTES} bytes for a .vpce file; it is not checked",
                    params.uri.as_str()
                ),
            });
        }
        self.notify::<PublishDiagnostics>(params);
    }

    fn notification(&mut self, notification: Notification) {
        if self.phase == Phase::Uninitialized {
            return; // only `exit` counts before `initialize`
        }
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let doc = params.text_document;
                    self.documents.open(doc.uri, doc.version, doc.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                else {
                    return;
                };
                let uri = params.text_document.uri;
                let clamped = match self.documents.get_mut(&uri) {
                    Some(doc) => doc.apply(params.text_document.version, params.content_changes),
                    None => return,
                };
                if clamped > 0 {
                    self.log(
                        MessageType::WARNING,
                        &format!(
                            "vpcec lsp: {clamped} change(s) to {} named lines past its end",
                            uri.as_str()
                        ),
                    );
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) =
                    notification.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    if self.documents.close(&params.text_document.uri).is_some() {
                        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams::new(
                            params.text_document.uri,
                            Vec::new(),
                            None,
                        ));
                    }
                }
            }
            _ => {} // `initialized`, `didSave`, `$/cancelRequest`, `$/setTrace`...
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let method = request.method.clone();
        let result = match self.phase {
            Phase::Uninitialized if method != "initialize" => {
                Err((SERVER_NOT_INITIALIZED, "the server is not initialized".to_string()))
            }
            Phase::ShutDown => Err((
                ErrorCode::InvalidRequest as i32,
                "the server is shut down; only `exit` is accepted".to_string(),
            )),
            _ => match catch_unwind(AssertUnwindSafe(|| self.dispatch(request))) {
                Ok(result) => result,
                Err(_) => Err((
                    ErrorCode::InternalError as i32,
                    format!("a bug in vpcec while handling `{method}`; please report it"),
                )),
            },
        };
        self.respond(id, result);
    }

    fn respond(&self, id: RequestId, result: Result<Value, Failure>) {
        let response = match result {
            Ok(value) => Response {
                id,
                response_result: Ok(value),
            },
            Err((code, message)) => Response::new_err(id, code, message),
        };
        self.send(response);
    }

    fn dispatch(&mut self, request: Request) -> Result<Value, Failure> {
        let params = request.params;
        let catalog = self.catalog;
        let pricing = self.pricing.clone();
        match request.method.as_str() {
            "initialize" => self.initialize(params),
            "shutdown" => {
                self.phase = Phase::ShutDown;
                Ok(Value::Null)
            }
            HoverRequest::METHOD => {
                let (doc, offset) = self.at::<TextDocumentPositionParams>(params, |p| p)?;
                reply(hover::hover(doc, offset, catalog, pricing.as_ref()))
            }
            Completion::METHOD => {
                let (doc, offset) = self.at::<lsp_types::CompletionParams>(params, |p| p.text_document_position)?;
                reply(completion::complete(doc, offset, catalog))
            }
            GotoDefinition::METHOD => {
                let (doc, offset) =
                    self.at::<lsp_types::GotoDefinitionParams>(params, |p| p.text_document_position_params)?;
                reply(navigation::definition(doc, offset))
            }
            References::METHOD => {
                let parsed: lsp_types::ReferenceParams = parse(params)?;
                let include = parsed.context.include_declaration;
                let (doc, offset) = self.locate(parsed.text_document_position)?;
                reply(navigation::references(doc, offset, include))
            }
            PrepareRenameRequest::METHOD => {
                let (doc, offset) = self.at::<TextDocumentPositionParams>(params, |p| p)?;
                reply(navigation::prepare_rename(doc, offset).map_err(|e| invalid_params(e.to_string()))?)
            }
            Rename::METHOD => {
                let parsed: lsp_types::RenameParams = parse(params)?;
                let (doc, offset) = self.locate(parsed.text_document_position)?;
                reply(navigation::rename(doc, offset, &parsed.new_name).map_err(|e| invalid_params(e.to_string()))?)
            }
            Formatting::METHOD => {
                let parsed: lsp_types::DocumentFormattingParams = parse(params)?;
                let doc = self.document(&parsed.text_document.uri)?;
                reply(formatting::format_document(doc))
            }
            DocumentSymbolRequest::METHOD => {
                let parsed: lsp_types::DocumentSymbolParams = parse(params)?;
                let doc = self.document(&parsed.text_document.uri)?;
                reply(navigation::document_symbols(doc))
            }
            CodeActionRequest::METHOD => {
                let parsed: lsp_types::CodeActionParams = parse(params)?;
                let doc = self.document(&parsed.text_document.uri)?;
                let span = doc
                    .lines
                    .span(&doc.text, parsed.range)
                    .map_err(|e| invalid_params(e.to_string()))?;
                let only = parsed.context.only.as_deref();
                reply(actions::code_actions(doc, span, only, catalog))
            }
            other => Err((ErrorCode::MethodNotFound as i32, format!("`{other}` is not supported"))),
        }
    }

    fn initialize(&mut self, params: Value) -> Result<Value, Failure> {
        if self.phase != Phase::Uninitialized {
            return Err((
                ErrorCode::InvalidRequest as i32,
                "the server is already initialized".into(),
            ));
        }
        let _: lsp_types::InitializeParams = parse(params)?;
        self.phase = Phase::Running;
        reply(InitializeResult {
            capabilities: capabilities(),
            server_info: Some(ServerInfo {
                name: "vpcec".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    /// An open document, analysed.
    fn document(&mut self, uri: &Uri) -> Result<&Document, Failure> {
        let catalog = self.catalog;
        let doc = self
            .documents
            .get_mut(uri)
            .ok_or_else(|| invalid_params(format!("`{}` is not open", uri.as_str())))?;
        doc.analyse(catalog);
        Ok(doc)
    }

    /// The document and byte offset of a position.
    fn locate(&mut self, at: TextDocumentPositionParams) -> Result<(&Document, usize), Failure> {
        let doc = self.document(&at.text_document.uri)?;
        let offset = doc
            .lines
            .offset(&doc.text, at.position)
            .map_err(|e| invalid_params(e.to_string()))?;
        Ok((doc, offset))
    }

    /// Parses parameters `P` and locates the position they hold.
    fn at<P: DeserializeOwned>(
        &mut self,
        params: Value,
        position: impl FnOnce(P) -> TextDocumentPositionParams,
    ) -> Result<(&Document, usize), Failure> {
        let parsed: P = parse(params)?;
        self.locate(position(parsed))
    }
}

fn parse<P: DeserializeOwned>(params: Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| invalid_params(format!("invalid parameters: {e}")))
}

fn reply(value: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError as i32, e.to_string()))
}
