//! The stdio transport: `Content-Length` framed JSON-RPC messages.
//!
//! `lsp-server`'s own stdio transport stops the server at the first frame
//! it cannot read. This one answers such a frame and reads on: bytes that
//! are not UTF-8 become U+FFFD, as do lone UTF-16 surrogates escaped in the
//! JSON (`"\udc80"`); JSON that is no message gets `-32600`, text that is no
//! JSON `-32700`, and a frame over [`MAX_FRAME_BYTES`] is skipped unread.
//! The server then works on the same `lsp_server::Connection` as always.

use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;

use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{json, Value};

/// The largest frame read: a document at the size limit of `vpcec check`
/// (8 MiB), escaped as JSON, fits several times over.
pub const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;

/// The longest header line read; longer ones are skipped.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// What one frame held.
#[derive(Debug)]
pub enum Frame {
    /// A message.
    Message(Message),
    /// A frame that must be answered with an error.
    Invalid {
        /// The request id, when it could be read (else `null`).
        id: Value,
        /// The JSON-RPC error code.
        code: i32,
        /// What was wrong.
        message: String,
    },
}

/// Reads one frame of at most `max_bytes`; `Ok(None)` at the end of the input.
pub fn read_frame(input: &mut impl BufRead, max_bytes: usize) -> io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut headers = 0;
    loop {
        let mut line = Vec::new();
        let read = input.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if headers == 0 {
                continue; // stray blank lines between frames
            }
            break;
        }
        headers += 1;
        // Found anywhere in the line, so that junk left by a bad frame
        // before the next header does not lose that frame.
        if let Some(at) = text.to_ascii_lowercase().find("content-length:") {
            length = text
                .get(at + "content-length:".len()..)
                .and_then(|v| v.trim().parse().ok());
        }
    }
    let Some(length) = length else {
        return Ok(Some(invalid(
            Value::Null,
            ErrorCode::ParseError,
            "a frame without a valid Content-Length header",
        )));
    };
    if length > max_bytes {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Some(invalid(
            Value::Null,
            ErrorCode::InvalidRequest,
            &format!("a message of {length} bytes, over the limit of {max_bytes}"),
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(parse_body(&body)))
}

fn invalid(id: Value, code: ErrorCode, message: &str) -> Frame {
    Frame::Invalid {
        id,
        code: code as i32,
        message: message.to_string(),
    }
}

/// Reads a frame's JSON, repairing what can be repaired.
pub fn parse_body(body: &[u8]) -> Frame {
    if let Ok(message) = serde_json::from_slice::<Message>(body) {
        return Frame::Message(message);
    }
    let repaired = replace_lone_surrogates(&String::from_utf8_lossy(body));
    if let Ok(message) = serde_json::from_str::<Message>(&repaired) {
        return Frame::Message(message);
    }
    match serde_json::from_str::<Value>(&repaired) {
        Ok(value) => {
            let id = value
                .get("id")
                .filter(|id| id.is_string() || id.is_number())
                .cloned()
                .unwrap_or(Value::Null);
            invalid(
                id,
                ErrorCode::InvalidRequest,
                "not a JSON-RPC request, response or notification",
            )
        }
        Err(error) => invalid(Value::Null, ErrorCode::ParseError, &format!("not JSON: {error}")),
    }
}

/// Replaces each `\uD800`–`\uDFFF` escape that is not half of a pair by
/// `\uFFFD`, which serde_json refuses and JavaScript clients can send.
pub fn replace_lone_surrogates(json: &str) -> String {
    let bytes = json.as_bytes();
    let hex_at = |i: usize| -> Option<u32> {
        let digits = json.get(i..i + 4)?;
        u32::from_str_radix(digits, 16).ok()
    };
    let escaped_unit_at = |i: usize| -> Option<u32> {
        (bytes.get(i) == Some(&b'\\') && bytes.get(i + 1) == Some(&b'u'))
            .then(|| hex_at(i + 2))
            .flatten()
    };
    let mut out = String::with_capacity(json.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        let Some(unit) = escaped_unit_at(i) else {
            i += 2; // another escape, such as `\\` or `\"`
            continue;
        };
        let length = match unit {
            0xD800..=0xDBFF if escaped_unit_at(i + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) => 12,
            0xD800..=0xDFFF => {
                out.push_str(json.get(copied..i).unwrap_or(""));
                out.push_str("\\uFFFD");
                copied = i + 6;
                6
            }
            _ => 6,
        };
        i += length;
    }
    out.push_str(json.get(copied..).unwrap_or(""));
    out
}

/// Writes one framed JSON text.
fn write_frame(output: &mut impl Write, text: &str) -> io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n", text.len())?;
    output.write_all(text.as_bytes())?;
    output.flush()
}

/// The writer thread of a stdio connection; join it to flush the last
/// messages before the process exits.
pub struct Transport {
    writer: thread::JoinHandle<()>,
}

impl Transport {
    /// Waits until every message the server sent is written.
    pub fn finish(self) {
        let _ = self.writer.join();
    }
}

/// A connection over standard input and output.
pub fn stdio() -> io::Result<(Connection, Transport)> {
    let (server, client) = Connection::memory();
    let stdout = Arc::new(Mutex::new(io::stdout()));
    let Connection { sender, receiver } = client;

    let out = Arc::clone(&stdout);
    let writer = thread::Builder::new().name("lsp-writer".into()).spawn(move || {
        for message in receiver {
            let Ok(mut lock) = out.lock() else { return };
            if message.write(&mut *lock).is_err() {
                return;
            }
        }
    })?;

    thread::Builder::new().name("lsp-reader".into()).spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        while let Ok(Some(frame)) = read_frame(&mut input, MAX_FRAME_BYTES) {
            match frame {
                Frame::Message(message) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if sender.send(message).is_err() || exit {
                        return;
                    }
                }
                Frame::Invalid { id, code, message } => {
                    let reply = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
                    let Ok(mut lock) = stdout.lock() else { return };
                    if write_frame(&mut *lock, &reply.to_string()).is_err() {
                        return;
                    }
                }
            }
        }
        // The end of the input (or a read error) closes the connection.
    })?;
    Ok((server, Transport { writer }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = io::BufReader::new(input);
        let mut out = Vec::new();
        while let Ok(Some(frame)) = read_frame(&mut reader, 200) {
            out.push(frame);
        }
        out
    }

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn bad_frames_are_answered_and_reading_goes_on() {
        let mut input = Vec::new();
        input.extend(frame(b"{not json"));
        input.extend(frame(br#"{"jsonrpc":"2.0","id":7,"method":5}"#));
        input.extend(b"X-Nonsense: 1\r\n\r\n{}");
        input.extend(frame(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#));
        let read = frames(&input);
        assert!(matches!(&read[0], Frame::Invalid { code: -32700, .. }), "{read:?}");
        assert!(
            matches!(&read[1], Frame::Invalid { code: -32600, id, .. } if *id == json!(7)),
            "{read:?}"
        );
        assert!(matches!(&read[2], Frame::Invalid { code: -32700, .. }), "{read:?}");
        assert!(matches!(read.last(), Some(Frame::Message(Message::Request(r))) if r.method == "shutdown"));
    }

    #[test]
    fn text_that_is_not_utf8_is_repaired() {
        let mut body = br#"{"jsonrpc":"2.0","method":"x","params":{"text":"a"#.to_vec();
        body.extend([0xff, 0xfe]);
        body.extend(br#" \ud800 \udc80 \ud83e\udd80 \\ud800"}}"#);
        let read = frames(&frame(&body));
        let Some(Frame::Message(Message::Notification(n))) = read.first() else {
            panic!("{read:?}");
        };
        assert_eq!(
            n.params["text"],
            json!("a\u{fffd}\u{fffd} \u{fffd} \u{fffd} 🦀 \\ud800")
        );
    }

    #[test]
    fn an_oversized_frame_is_skipped_unread() {
        let mut input = b"Content-Length: 201\r\n\r\n".to_vec();
        input.resize(input.len() + 201, b'{');
        input.extend(frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        let read = frames(&input);
        assert_eq!(read.len(), 2);
        assert!(matches!(&read[0], Frame::Invalid { code: -32600, .. }));
    }
}
