//! The server driven through an in-memory connection, as an editor would.

use std::thread;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

use super::server::Server;
use crate::aws::Catalog;

const URI: &str = "file:///project/net.vpce";

/// A client talking to a server thread.
struct Client {
    connection: Connection,
    server: Option<thread::JoinHandle<bool>>,
    next_id: i32,
    /// Notifications received while waiting for responses.
    notifications: Vec<Notification>,
}

impl Client {
    fn start() -> Client {
        let (server, client) = Connection::memory();
        let handle = thread::spawn(move || {
            let catalog = Catalog::builtin().expect("catalog");
            Server::new(&server, catalog).run()
        });
        Client {
            connection: client,
            server: Some(handle),
            next_id: 0,
            notifications: Vec::new(),
        }
    }

    fn initialized() -> Client {
        let mut client = Client::start();
        let response = client.request("initialize", json!({"capabilities": {}}));
        assert!(response.response_result.is_ok(), "{response:?}");
        client.notify("initialized", json!({}));
        client
    }

    fn notify(&self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Message::Notification(Notification::new(method.into(), params)))
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection
            .sender
            .send(Message::Request(Request::new(id.clone(), method.into(), params)))
            .unwrap();
        loop {
            match self.connection.receiver.recv().unwrap() {
                Message::Response(response) if response.id == id => return response,
                Message::Notification(n) => self.notifications.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        match response.response_result {
            Ok(value) => value,
            Err(error) => panic!("{method} failed: {error:?}"),
        }
    }

    fn error_code(&mut self, method: &str, params: Value) -> i32 {
        match self.request(method, params).response_result {
            Ok(value) => panic!("{method} should fail, gave {value}"),
            Err(error) => error.code,
        }
    }

    /// The next diagnostics published for `URI`.
    fn diagnostics(&mut self) -> Vec<Value> {
        loop {
            let found = self
                .notifications
                .iter()
                .position(|n| n.method == "textDocument/publishDiagnostics");
            if let Some(i) = found {
                let n = self.notifications.remove(i);
                return n.params["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            match self.connection.receiver.recv().unwrap() {
                Message::Notification(n) => self.notifications.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn open(&mut self, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "vpce", "version": 1, "text": text}}),
        );
        self.diagnostics()
    }

    fn exit(mut self) -> bool {
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

const TEXT: &str = "# réseau 🦀\nregion eu-west-1;\nvpc app cidr 10.0.0.0/16;\n\
subnet private-a cidr 10.0.1.0/24 az eu-west-1a;\n\
subnet private-a reaches ssm, kms via interface;\n\
bucket acme-lsp-test-data;\n\
subnet private-a reaches bucket acme-lsp-test-data via gateway;\n\
deny public;\n";

#[test]
fn life_cycle_is_enforced() {
    let mut client = Client::start();
    assert_eq!(client.error_code("textDocument/hover", at(0, 0)), -32002);
    assert_eq!(client.error_code("initialize", json!({"capabilities": 5})), -32602);
    client.result("initialize", json!({"capabilities": {}}));
    assert_eq!(client.error_code("initialize", json!({"capabilities": {}})), -32600);
    assert_eq!(client.error_code("workspace/frobnicate", json!({})), -32601);
    assert_eq!(client.result("shutdown", Value::Null), Value::Null);
    assert_eq!(client.error_code("textDocument/hover", at(0, 0)), -32600);
    assert!(client.exit(), "exit after shutdown is clean");
    assert!(!Client::initialized().exit(), "exit without shutdown is not");
}

#[test]
fn diagnostics_have_codes_utf16_ranges_help_and_related_places() {
    let mut client = Client::initialized();
    let diagnostics = client.open(&TEXT.replace("eu-west-1;", "eu-wset-1;"));
    let region = diagnostics.iter().find(|d| d["code"] == "E103").unwrap();
    assert_eq!(region["range"]["start"], json!({"line": 1, "character": 7}));
    assert!(region["message"]
        .as_str()
        .unwrap()
        .contains("help: did you mean `eu-west-1`?"));

    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 1, "character": 7}, "end": {"line": 1, "character": 16}}, "text": "eu-west-1"}
        ]}),
    );
    let codes: Vec<Value> = client.diagnostics().iter().map(|d| d["code"].clone()).collect();
    assert_eq!(codes, [json!("W202"), json!("W210"), json!("W201")]);

    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": "vpc a cidr 10.0.0.0/16;\nvpc a cidr 10.1.0.0/16;\n"}]}),
    );
    let duplicate = client.diagnostics();
    let related = &duplicate.iter().find(|d| d["code"] == "E003").unwrap()["relatedInformation"][0];
    assert_eq!(
        related["location"]["range"]["start"],
        json!({"line": 0, "character": 4})
    );
    client.exit();
}

#[test]
fn hover_explains_diagnostics_services_regions_zones_and_names() {
    let mut client = Client::initialized();
    client.open(TEXT);
    let hover = |client: &mut Client, line, character| -> String {
        client.result("textDocument/hover", at(line, character))["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let ssm = hover(&mut client, 4, 26);
    assert!(ssm.contains("W202") && ssm.contains("## How to fix it"), "{ssm}");
    assert!(
        ssm.contains("`com.amazonaws.eu-west-1.ssm`") && ssm.contains("TCP 443"),
        "{ssm}"
    );
    let kms = hover(&mut client, 4, 31);
    assert!(
        kms.contains("cross-region (interface) | yes") && kms.contains("USD 0.01 per zone-hour"),
        "{kms}"
    );
    let region = hover(&mut client, 1, 9);
    assert!(
        region.contains("partition `aws`") && region.contains("`euw1-az1`"),
        "{region}"
    );
    let zone = hover(&mut client, 3, 40);
    assert!(zone.contains("zone name in `eu-west-1`"), "{zone}");
    let name = hover(&mut client, 6, 40);
    assert!(
        name.contains("bucket acme-lsp-test-data;") && name.contains("line 6"),
        "{name}"
    );
    assert_eq!(client.result("textDocument/hover", at(0, 3)), Value::Null, "a comment");
    assert_eq!(client.error_code("textDocument/hover", at(99, 0)), -32602);
    client.exit();
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_follows_the_context() {
    let mut client = Client::initialized();
    let text = format!("{TEXT}subnet private-b cidr 10.0.2.0/24 az \nsubnet private-a reaches bucket \nsubnet p");
    client.open(&text);
    let zones = labels(&client.result("textDocument/completion", at(8, 37)));
    assert!(
        zones.contains(&"eu-west-1b".into()) && zones.contains(&"euw1-az2".into()),
        "{zones:?}"
    );
    assert!(!zones.iter().any(|z| z.starts_with("us-")), "{zones:?}");
    let buckets = labels(&client.result("textDocument/completion", at(9, 32)));
    assert_eq!(buckets, ["acme-lsp-test-data"]);
    let subnets = client.result("textDocument/completion", at(10, 8));
    assert_eq!(
        subnets[0]["textEdit"]["range"]["start"],
        json!({"line": 10, "character": 7})
    );
    assert!(labels(&subnets).contains(&"private-a".into()));
    client.exit();
}

#[test]
fn definition_references_and_rename_stay_in_one_namespace() {
    let mut client = Client::initialized();
    client.open(&format!("{TEXT}table acme-lsp-test-data key id;\n"));
    let definition = client.result("textDocument/definition", at(6, 40));
    assert_eq!(definition["range"]["start"], json!({"line": 5, "character": 7}));
    let mut params = at(5, 10);
    params["context"] = json!({"includeDeclaration": true});
    assert_eq!(
        client
            .result("textDocument/references", params)
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let mut params = at(3, 9);
    params["newName"] = json!("app-a");
    let edits = client.result("textDocument/rename", params)["changes"][URI].clone();
    assert_eq!(edits.as_array().unwrap().len(), 3);
    let mut bad = at(3, 9);
    bad["newName"] = json!("public");
    assert_eq!(client.error_code("textDocument/rename", bad), -32602);
    assert_eq!(
        client.error_code("textDocument/prepareRename", at(1, 9)),
        -32602,
        "a region"
    );
    client.exit();
}

#[test]
fn formatting_and_code_actions() {
    let mut client = Client::initialized();
    client.open(&TEXT.replace("vpc app cidr", "vpc   app cidr"));
    let edits = client.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(edits[0]["newText"], "");
    assert_eq!(edits[0]["range"]["start"], json!({"line": 2, "character": 4}));

    let range = json!({"start": {"line": 4, "character": 0}, "end": {"line": 7, "character": 12}});
    let actions = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range, "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("add `ssmmessages` and `ec2messages`")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t.starts_with("add `allow admin`")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Fix all")), "{titles:?}");
    let only = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    assert_eq!(only.as_array().unwrap().len(), 1);
    client.exit();
}

#[test]
fn bad_documents_get_answers() {
    let mut client = Client::initialized();
    let diagnostics = client.open("vpc \u{0} app\u{fffd} cidr;\u{202e}");
    assert!(diagnostics.iter().all(|d| d["code"] == "E001"), "{diagnostics:?}");
    assert_eq!(
        client.error_code(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///nope.vpce"}, "position": {"line": 0, "character": 0}})
        ),
        -32602
    );
    assert_eq!(
        client.error_code("textDocument/hover", json!({"textDocument": {"uri": URI}})),
        -32602
    );
    let huge = "bucket b;\n".repeat(crate::cli::io::MAX_SOURCE_BYTES as usize / 10 + 1);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": huge}]}),
    );
    assert_eq!(client.diagnostics(), Vec::<Value>::new());
    assert!(client.notifications.iter().any(|n| n.method == "window/showMessage"));
    assert_eq!(client.result("textDocument/hover", at(3, 2)), Value::Null);
    assert_eq!(
        client.result(
            "textDocument/formatting",
            json!({"textDocument": {"uri": URI}, "options": {"tabSize": 4, "insertSpaces": true}})
        ),
        json!([])
    );
    client.exit();
}
