//! A user's component that runs code through `golem:exec/executor@1.0.0`.
//! It is built against the published interface only
//! (`wit/deps/golem-exec/exec.wit`), as code written for golem:exec would be.

wit_bindgen::generate!({
    path: "wit",
    world: "exec-consumer",
    generate_all,
});

use golem::exec::executor::{Session, run};
use golem::exec::types::{Encoding, Error, File, Language, RunOptions};

struct Consumer;

impl Guest for Consumer {
    fn evaluate(lang: LanguageKind, code: String) -> Result<String, String> {
        run(&language(lang), &[], &code, &no_options())
            .map(|result| result.run.stdout)
            .map_err(|e| describe(&e))
    }

    fn run_in_session(
        lang: LanguageKind,
        data: String,
        snippets: Vec<String>,
    ) -> Result<Vec<String>, String> {
        let session = Session::new(&language(lang), &[]);
        session
            .upload(&File {
                name: "data.txt".into(),
                content: data.into_bytes(),
                encoding: Some(Encoding::Utf8),
            })
            .map_err(|e| format!("upload: {}", describe(&e)))?;
        snippets
            .iter()
            .map(|snippet| {
                session
                    .run(snippet, &no_options())
                    .map(|result| result.run.stdout)
                    .map_err(|e| describe(&e))
            })
            .collect()
    }
}

fn language(kind: LanguageKind) -> Language {
    Language {
        kind,
        version: None,
    }
}

fn no_options() -> RunOptions {
    RunOptions {
        stdin: None,
        args: None,
        env: None,
        limits: None,
    }
}

fn describe(error: &Error) -> String {
    match error {
        Error::UnsupportedLanguage => "unsupported language".into(),
        Error::CompilationFailed(stage) => format!("compilation failed: {}", stage.stderr),
        Error::RuntimeFailed(stage) => format!("runtime failed: {}", stage.stderr),
        Error::Timeout => "timeout".into(),
        Error::ResourceExceeded => "resource exceeded".into(),
        Error::Internal(message) => format!("internal: {message}"),
    }
}

export!(Consumer);
