//! Parsing of the `golem-exec` CLI's arguments.

use anyhow::{Context, Result, bail};

use crate::{Language, LanguageKind};

/// Parses `javascript`/`js`/`node` or `python`/`py`.
pub fn parse_language(name: &str) -> Result<Language> {
    let kind = match name.to_ascii_lowercase().as_str() {
        "javascript" | "js" | "node" => LanguageKind::Javascript,
        "python" | "py" | "python3" => LanguageKind::Python,
        other => bail!("unknown language '{other}': use javascript (js) or python (py)"),
    };
    Ok(Language {
        kind,
        version: None,
    })
}

/// Parses `KEY=VALUE`.
pub fn parse_pair(text: &str, what: &str) -> Result<(String, String)> {
    let (k, v) = text
        .split_once('=')
        .with_context(|| format!("{what} '{text}' is not of the form KEY=VALUE"))?;
    if k.is_empty() {
        bail!("{what} '{text}' has an empty name");
    }
    Ok((k.to_string(), v.to_string()))
}

/// Parses a flag's whole-number value, naming the flag when it is not one.
pub fn parse_number(text: &str, flag: &str) -> Result<u64> {
    text.parse()
        .with_context(|| format!("{flag} '{text}' is not a whole number"))
}
