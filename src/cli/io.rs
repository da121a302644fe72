//! Reading sources and writing outputs safely: every filesystem problem
//! becomes a one-line error, and outputs are written atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::SourceFile;
use crate::emit::OutputFile;

/// The largest source file accepted (a `.vpce` file is a few kilobytes).
pub const MAX_SOURCE_BYTES: u64 = 8 * 1024 * 1024;

/// A one-line problem with the filesystem or the command line (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoProblem(pub String);

impl std::fmt::Display for IoProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Reads a source file, refusing directories, huge, binary and non-UTF-8 files.
pub fn read_source(path: &Path) -> Result<SourceFile, IoProblem> {
    let name = shown(path);
    let metadata = fs::metadata(path).map_err(|e| IoProblem(format!("cannot read `{name}`: {}", describe(&e))))?;
    if metadata.is_dir() {
        return Err(IoProblem(format!("cannot read `{name}`: it is a directory")));
    }
    if metadata.len() > MAX_SOURCE_BYTES {
        return Err(IoProblem(format!(
            "cannot read `{name}`: it is {} bytes, over the limit of {MAX_SOURCE_BYTES} bytes for a .vpce file",
            metadata.len()
        )));
    }
    let bytes = fs::read(path).map_err(|e| IoProblem(format!("cannot read `{name}`: {}", describe(&e))))?;
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(IoProblem(format!(
            "cannot read `{name}`: it looks binary (a NUL byte at offset {offset})"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        IoProblem(format!(
            "cannot read `{name}`: it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(SourceFile { name, text })
}

/// A readable description of an I/O error, without the OS error number.
pub fn describe(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such file or directory".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::AlreadyExists => "it already exists".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_lowercase(),
                None => text.to_lowercase(),
            }
        }
    }
}

/// Expands folders into the `.vpce` files below them (sorted); files are kept as given.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IoProblem> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            if found.is_empty() {
                return Err(IoProblem(format!("no .vpce files found in `{}`", shown(path))));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), IoProblem> {
    let entries =
        fs::read_dir(dir).map_err(|e| IoProblem(format!("cannot list `{}`: {}", shown(dir), describe(&e))))?;
    for entry in entries {
        let entry = entry.map_err(|e| IoProblem(format!("cannot list `{}`: {}", shown(dir), describe(&e))))?;
        let path = entry.path();
        let name = entry.file_name();
        let hidden = name.to_string_lossy().starts_with('.');
        let file_type = entry
            .file_type()
            .map_err(|e| IoProblem(format!("cannot read `{}`: {}", shown(&path), describe(&e))))?;
        if file_type.is_dir() && !hidden && name != "target" && name != "node_modules" {
            walk(&path, found)?;
        } else if file_type.is_file() && path.extension().is_some_and(|e| e == "vpce") {
            found.push(path);
        }
    }
    Ok(())
}

/// A temporary file in `dir` to be renamed over its target. Its mode is that
/// of any new file, `0666` less the umask (`0644` under umask 022), rather
/// than the `0600` a private temporary file gets: the rename keeps the mode,
/// and generated templates are meant to be read by others.
fn staging_file(dir: &Path) -> Result<tempfile::NamedTempFile, IoProblem> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".vpcec-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode is passed to open(2), which applies the umask to it.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(dir)
        .map_err(|e| IoProblem(format!("cannot write into `{}`: {}", shown(dir), describe(&e))))
}

/// Writes all files into `dir` atomically: every file is first written to a
/// temporary file in `dir`, and only when all are written are they renamed
/// into place. On any failure nothing is replaced.
pub fn write_outputs(dir: &Path, files: &[OutputFile]) -> Result<(), IoProblem> {
    fs::create_dir_all(dir).map_err(|e| IoProblem(format!("cannot create `{}`: {}", shown(dir), describe(&e))))?;
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        let mut temp = staging_file(dir)?;
        temp.write_all(file.content.as_bytes())
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| {
                IoProblem(format!(
                    "cannot write `{}`: {}",
                    shown(&dir.join(&file.name)),
                    describe(&e)
                ))
            })?;
        staged.push((temp, dir.join(&file.name)));
    }
    for (temp, target) in staged {
        temp.persist(&target)
            .map_err(|e| IoProblem(format!("cannot write `{}`: {}", shown(&target), describe(&e.error))))?;
    }
    Ok(())
}

/// Replaces one file atomically (used by `fmt`).
pub fn replace_file(path: &Path, content: &str) -> Result<(), IoProblem> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = staging_file(&dir)?;
    temp.write_all(content.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| IoProblem(format!("cannot write `{}`: {}", shown(path), describe(&e))))?;
    if let Ok(metadata) = fs::metadata(path) {
        // Keep the original file's permissions; failure to copy them is not fatal.
        let _ = fs::set_permissions(temp.path(), metadata.permissions());
    }
    temp.persist(dir.join(name))
        .map_err(|e| IoProblem(format!("cannot write `{}`: {}", shown(path), describe(&e.error))))?;
    Ok(())
}
