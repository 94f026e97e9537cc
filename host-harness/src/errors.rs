//! Wasmtime has its own error type; this turns its results into `anyhow`
//! ones so `anyhow::Context` can add what the host was doing.

pub(crate) trait IntoAnyhow<T> {
    fn anyhow(self) -> anyhow::Result<T>;
}

impl<T> IntoAnyhow<T> for wasmtime::Result<T> {
    fn anyhow(self) -> anyhow::Result<T> {
        self.map_err(anyhow::Error::from)
    }
}
