//! Resolution of the limits that apply to one run: the caller's
//! `run-options.limits` first, then the component's environment defaults.

use std::time::Duration;

use crate::ExecError;

pub const DEFAULT_TIME_MS: u64 = 5000;
/// Cap on stdout+stderr bytes of one run, so a snippet printing forever
/// cannot exhaust the component's memory before its time limit.
pub const DEFAULT_OUTPUT_BYTES: u64 = 16 * 1024 * 1024;
/// Cap on the bytes of one session's files (`EXEC_STORAGE_LIMIT_BYTES`): the
/// files live in the component's own memory, beside every other session's.
pub const DEFAULT_STORAGE_BYTES: u64 = 128 * 1024 * 1024;

/// The caller's requested limits (`types.limits`), as plain Rust.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestedLimits {
    pub time_ms: Option<u64>,
    pub memory_bytes: Option<u64>,
    pub file_size_bytes: Option<u64>,
    pub max_processes: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub time: Duration,
    pub memory_bytes: Option<u64>,
    pub file_size_bytes: Option<u64>,
    pub output_bytes: u64,
}

/// Defaults read from the component's own environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvDefaults {
    pub time_ms: u64,
    pub memory_bytes: Option<u64>,
    pub file_size_bytes: Option<u64>,
    pub output_bytes: u64,
    pub storage_bytes: u64,
}

impl EnvDefaults {
    /// Reads `EXEC_TIMEOUT_MS`, `EXEC_MEMORY_LIMIT_MB`,
    /// `EXEC_FILE_SIZE_LIMIT_BYTES`, `EXEC_OUTPUT_LIMIT_BYTES` and
    /// `EXEC_STORAGE_LIMIT_BYTES`; a value that is not a usable number is an
    /// error naming the variable, on every call that reads it.
    pub fn from_env() -> Result<Self, ExecError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ExecError> {
        let number = |name: &str| -> Result<Option<u64>, ExecError> {
            match lookup(name) {
                None => Ok(None),
                Some(v) if v.trim().is_empty() => Ok(None),
                Some(v) => v.trim().parse::<u64>().map(Some).map_err(|_| {
                    ExecError::internal(format!(
                        "environment variable {name}={v:?} is not a whole non-negative number"
                    ))
                }),
            }
        };
        let positive = |name: &str| -> Result<Option<u64>, ExecError> {
            match number(name)? {
                Some(0) => Err(ExecError::internal(format!(
                    "environment variable {name}=0 must be at least 1"
                ))),
                n => Ok(n),
            }
        };
        Ok(EnvDefaults {
            time_ms: positive("EXEC_TIMEOUT_MS")?.unwrap_or(DEFAULT_TIME_MS),
            memory_bytes: positive("EXEC_MEMORY_LIMIT_MB")?
                .map(|mb| mb.saturating_mul(1024 * 1024)),
            file_size_bytes: number("EXEC_FILE_SIZE_LIMIT_BYTES")?,
            output_bytes: number("EXEC_OUTPUT_LIMIT_BYTES")?.unwrap_or(DEFAULT_OUTPUT_BYTES),
            storage_bytes: number("EXEC_STORAGE_LIMIT_BYTES")?.unwrap_or(DEFAULT_STORAGE_BYTES),
        })
    }
}

impl Limits {
    /// `max-processes` needs no enforcement: WASI has no way to spawn a
    /// process, so every attempt fails whatever the value.
    pub fn resolve(
        requested: Option<RequestedLimits>,
        defaults: EnvDefaults,
    ) -> Result<Self, ExecError> {
        let requested = requested.unwrap_or_default();
        let time_ms = requested.time_ms.unwrap_or(defaults.time_ms);
        if time_ms == 0 {
            return Err(ExecError::internal("limits.time-ms must be at least 1"));
        }
        if requested.memory_bytes == Some(0) {
            return Err(ExecError::internal(
                "limits.memory-bytes must be at least 1",
            ));
        }
        Ok(Limits {
            time: Duration::from_millis(time_ms),
            memory_bytes: requested.memory_bytes.or(defaults.memory_bytes),
            file_size_bytes: requested.file_size_bytes.or(defaults.file_size_bytes),
            output_bytes: defaults.output_bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn defaults_come_from_env_then_builtin() {
        let none = EnvDefaults::from_lookup(env(&[])).unwrap();
        assert_eq!(none.time_ms, 5000);
        assert_eq!(none.memory_bytes, None);
        let set = EnvDefaults::from_lookup(env(&[
            ("EXEC_TIMEOUT_MS", "250"),
            ("EXEC_MEMORY_LIMIT_MB", "8"),
        ]))
        .unwrap();
        assert_eq!(set.time_ms, 250);
        assert_eq!(set.memory_bytes, Some(8 * 1024 * 1024));
        assert_eq!(none.storage_bytes, DEFAULT_STORAGE_BYTES);
        let bad = EnvDefaults::from_lookup(env(&[("EXEC_TIMEOUT_MS", "soon")])).unwrap_err();
        assert!(bad.to_string().contains("EXEC_TIMEOUT_MS"), "{bad}");
    }

    #[test]
    fn zero_time_or_memory_defaults_are_errors_naming_the_variable() {
        for name in ["EXEC_TIMEOUT_MS", "EXEC_MEMORY_LIMIT_MB"] {
            let lookup = move |n: &str| (n == name).then(|| "0".to_string());
            let err = EnvDefaults::from_lookup(lookup).unwrap_err();
            assert!(err.to_string().contains(name), "{err}");
        }
    }

    #[test]
    fn hostile_numbers_in_the_environment_are_errors_not_traps() {
        for value in ["-1", "18446744073709551616", "1e3", "0x10", "\u{0}"] {
            let lookup =
                move |n: &str| (n == "EXEC_STORAGE_LIMIT_BYTES").then(|| value.to_string());
            let err = EnvDefaults::from_lookup(lookup).unwrap_err();
            assert!(
                err.to_string().contains("EXEC_STORAGE_LIMIT_BYTES"),
                "{err}"
            );
        }
    }

    #[test]
    fn env_defaults_always_resolve() {
        let defaults = EnvDefaults::from_lookup(env(&[("EXEC_TIMEOUT_MS", "1")])).unwrap();
        assert_eq!(
            Limits::resolve(None, defaults).unwrap().time,
            Duration::from_millis(1)
        );
    }

    #[test]
    fn requested_limits_win() {
        let defaults = EnvDefaults::from_lookup(env(&[("EXEC_TIMEOUT_MS", "250")])).unwrap();
        let limits = Limits::resolve(
            Some(RequestedLimits {
                time_ms: Some(10),
                file_size_bytes: Some(3),
                ..Default::default()
            }),
            defaults,
        )
        .unwrap();
        assert_eq!(limits.time, Duration::from_millis(10));
        assert_eq!(limits.file_size_bytes, Some(3));
        assert_eq!(
            Limits::resolve(None, defaults).unwrap().time,
            Duration::from_millis(250)
        );
        assert!(
            Limits::resolve(
                Some(RequestedLimits {
                    time_ms: Some(0),
                    ..Default::default()
                }),
                defaults
            )
            .is_err()
        );
    }
}
