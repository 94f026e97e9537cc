//! The JSON shapes both servers speak (the HTTP API and the MCP tools use
//! the same field names), and their checked conversion into the WIT types.

use std::collections::BTreeMap;

use base64::Engine as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{ExecError, File, Language, LanguageKind, Limits, RunOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LanguageName {
    Javascript,
    Python,
}

impl LanguageName {
    pub fn language(self) -> Language {
        match self {
            LanguageName::Javascript => Language::javascript(),
            LanguageName::Python => Language::python(),
        }
    }

    pub fn kind(self) -> LanguageKind {
        self.language().kind
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LanguageName::Javascript => "javascript",
            LanguageName::Python => "python",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContentEncoding {
    #[default]
    Utf8,
    Base64,
    Hex,
}

/// A file given with a request: `content` as text, or base64 or hex of
/// its bytes.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileInput {
    /// Path relative to the sandbox root, e.g. `data/input.csv`.
    pub name: String,
    pub content: String,
    #[serde(default)]
    pub encoding: Option<ContentEncoding>,
}

/// Per-run limits; each is clamped to the server's maximum, and one not
/// given is the server's maximum.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitsInput {
    pub time_ms: Option<u64>,
    pub memory_bytes: Option<u64>,
    pub file_size_bytes: Option<u64>,
}

/// What a run needs besides its language.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RunInput {
    /// The snippet's source.
    pub code: String,
    pub stdin: Option<String>,
    pub args: Option<Vec<String>>,
    /// Environment variables the snippet sees.
    pub env: Option<BTreeMap<String, String>>,
    /// Files placed in the sandbox before the run (one-shot runs only).
    pub files: Option<Vec<FileInput>>,
    pub limits: Option<LimitsInput>,
}

/// A run's outcome: what it printed, its exit code, and, when the snippet
/// failed, `error` beside the output printed up to then.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
pub struct RunReply {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: Option<i32>,
    pub time_ms: Option<u64>,
    pub memory_bytes: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<ErrorBody>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
pub struct ErrorBody {
    /// A golem:exec error arm for a failed run (`compilation-failed`,
    /// `runtime-failed`, `timeout`, `resource-exceeded`,
    /// `unsupported-language`, `internal`); for a refused request
    /// `invalid-request`, `unauthorized`, `not-found`, `payload-too-large`
    /// or `busy`.
    pub kind: String,
    pub message: String,
}

impl ErrorBody {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        ErrorBody {
            kind: kind.to_string(),
            message: message.into(),
        }
    }

    /// The body for a golem:exec error; for a failed stage the message is
    /// the last unindented line of its stderr (`TypeError: boom`, not the
    /// stack frames under it).
    pub fn from_exec(error: &ExecError) -> Self {
        let last_line = |stderr: &str| {
            stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty() && !l.starts_with([' ', '\t']))
                .map(|l| l.trim().chars().take(1000).collect::<String>())
        };
        match error {
            ExecError::UnsupportedLanguage => {
                Self::new("unsupported-language", "the language is not supported")
            }
            ExecError::CompilationFailed(stage) => Self::new(
                "compilation-failed",
                last_line(&stage.stderr).unwrap_or_else(|| "the snippet did not compile".into()),
            ),
            ExecError::RuntimeFailed(stage) => {
                let code = stage.exit_code.unwrap_or(1);
                let message = match last_line(&stage.stderr) {
                    Some(line) => format!("{line} (exit code {code})"),
                    None => format!("the snippet exited with code {code}"),
                };
                Self::new("runtime-failed", message)
            }
            ExecError::Timeout => Self::new("timeout", "the snippet exceeded its time limit"),
            ExecError::ResourceExceeded => Self::new(
                "resource-exceeded",
                "the snippet exceeded a memory, file-size or output limit",
            ),
            ExecError::Internal(message) => Self::new("internal", message.clone()),
        }
    }
}

/// The largest limits a request may ask for, and what one gets that asks
/// for none.
#[derive(Debug, Clone, Copy)]
pub struct MaxLimits {
    pub time_ms: u64,
    pub memory_bytes: u64,
    pub file_size_bytes: u64,
}

impl Default for MaxLimits {
    fn default() -> Self {
        MaxLimits {
            time_ms: 30_000,
            memory_bytes: 256 << 20,
            file_size_bytes: 64 << 20,
        }
    }
}

impl MaxLimits {
    pub fn clamp(&self, asked: Option<&LimitsInput>) -> Limits {
        let asked = asked.cloned().unwrap_or_default();
        let pick = |v: Option<u64>, max: u64| Some(v.map_or(max, |v| v.min(max)));
        Limits {
            time_ms: pick(asked.time_ms, self.time_ms),
            memory_bytes: pick(asked.memory_bytes, self.memory_bytes),
            file_size_bytes: pick(asked.file_size_bytes, self.file_size_bytes),
            max_processes: None,
        }
    }
}

impl RunInput {
    pub fn options(&self, max: &MaxLimits) -> RunOptions {
        RunOptions {
            stdin: self.stdin.clone(),
            args: self.args.clone(),
            env: self
                .env
                .as_ref()
                .map(|env| env.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
            limits: Some(max.clamp(self.limits.as_ref())),
        }
    }

    pub fn files(&self) -> Result<Vec<File>, String> {
        decode_files(self.files.as_deref())
    }
}

/// Files given with a request, decoded; the first bad one is named.
pub fn decode_files(files: Option<&[FileInput]>) -> Result<Vec<File>, String> {
    files.into_iter().flatten().map(FileInput::decode).collect()
}

impl FileInput {
    /// The file with its content decoded; bad content is an error naming
    /// the file.
    pub fn decode(&self) -> Result<File, String> {
        let encoding = self.encoding.unwrap_or_default();
        if let ContentEncoding::Utf8 = encoding {
            return Ok(File::utf8(&self.name, &self.content));
        }
        let content = decode_content(&self.content, encoding)
            .map_err(|why| format!("file '{}': {why}", self.name))?;
        Ok(binary_file(&self.name, &content))
    }
}

/// A file of arbitrary bytes as the components take it: content without
/// an encoding must be UTF-8, so bytes travel as base64.
pub fn binary_file(name: &str, bytes: &[u8]) -> File {
    File {
        name: name.to_string(),
        content: encode_base64(bytes).into_bytes(),
        encoding: Some(crate::Encoding::Base64),
    }
}

pub fn decode_content(content: &str, encoding: ContentEncoding) -> Result<Vec<u8>, String> {
    match encoding {
        ContentEncoding::Utf8 => Ok(content.as_bytes().to_vec()),
        ContentEncoding::Base64 => base64::engine::general_purpose::STANDARD
            .decode(content.trim())
            .map_err(|e| format!("content is not valid base64 ({e})")),
        ContentEncoding::Hex => {
            let digits = content.trim().as_bytes();
            if !digits.len().is_multiple_of(2) {
                return Err("content is not valid hex (odd number of digits)".into());
            }
            digits
                .chunks(2)
                .map(|pair| {
                    std::str::from_utf8(pair)
                        .ok()
                        .and_then(|p| u8::from_str_radix(p, 16).ok())
                        .ok_or_else(|| "content is not valid hex".to_string())
                })
                .collect()
        }
    }
}

pub fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_clamped_to_the_maxima_and_default_to_them() {
        let max = MaxLimits {
            time_ms: 1000,
            memory_bytes: 1 << 20,
            file_size_bytes: 10,
        };
        let asked = LimitsInput {
            time_ms: Some(5000),
            memory_bytes: Some(1024),
            file_size_bytes: None,
        };
        let limits = max.clamp(Some(&asked));
        assert_eq!(limits.time_ms, Some(1000));
        assert_eq!(limits.memory_bytes, Some(1024));
        assert_eq!(limits.file_size_bytes, Some(10));
        assert_eq!(max.clamp(None).time_ms, Some(1000));
    }

    #[test]
    fn contents_decode_or_name_the_file() {
        let file = |content: &str, encoding| FileInput {
            name: "a.bin".into(),
            content: content.into(),
            encoding: Some(encoding),
        };
        // Bytes reach the component as base64, whatever they came as.
        for given in [
            file("aGk=", ContentEncoding::Base64),
            file("6869", ContentEncoding::Hex),
        ] {
            let decoded = given.decode().unwrap();
            assert_eq!(decoded.content, b"aGk=");
            assert!(matches!(decoded.encoding, Some(crate::Encoding::Base64)));
        }
        let text = file("hi", ContentEncoding::Utf8).decode().unwrap();
        assert_eq!(text.content, b"hi");
        assert!(text.encoding.is_none());
        let err = file("zz", ContentEncoding::Hex).decode().unwrap_err();
        assert!(err.contains("a.bin") && err.contains("hex"), "{err}");
        let err = file("!!", ContentEncoding::Base64).decode().unwrap_err();
        assert!(err.contains("a.bin") && err.contains("base64"), "{err}");
    }
}
