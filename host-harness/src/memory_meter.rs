//! The host's memory backstop, which also keeps count of how much linear
//! memory an instance holds (for `ExecInstance::linear_memory_bytes`).

use wasmtime::{ResourceLimiter, StoreLimits};

pub(crate) struct MemoryMeter {
    limits: StoreLimits,
    linear_bytes: usize,
}

impl MemoryMeter {
    pub(crate) fn new(limits: StoreLimits) -> Self {
        MemoryMeter {
            limits,
            linear_bytes: 0,
        }
    }

    pub(crate) fn linear_bytes(&self) -> usize {
        self.linear_bytes
    }
}

impl ResourceLimiter for MemoryMeter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        // Also called with `current == 0` when a memory is created.
        let allowed = self.limits.memory_growing(current, desired, maximum)?;
        if allowed {
            self.linear_bytes += desired.saturating_sub(current);
        }
        Ok(allowed)
    }

    fn memory_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        self.limits.memory_grow_failed(error)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }

    fn table_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        self.limits.table_grow_failed(error)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}
