//! The engine, linker and pre-instantiated component.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::errors::IntoAnyhow;
use wasmtime::component::{Linker, ResourceTable};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::bindings::ExecLibraryPre;
use crate::cache::{default_cache_dir, load_component};

/// How often the epoch advances; the backstop deadline is counted in ticks.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

#[derive(Debug, Clone)]
pub struct HostConfig {
    /// Where precompiled components are kept (see `cache.rs`); `None`
    /// compiles in memory on every load.
    pub cache_dir: Option<PathBuf>,
    /// Use the pooling allocator (fast instantiation); falls back to on-demand
    /// allocation when off.
    pub pooling: bool,
    /// Instances the pool holds at once.
    pub max_instances: u32,
    /// Largest linear memory of one instance.
    pub max_memory_bytes: usize,
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig {
            cache_dir: default_cache_dir(),
            pooling: std::env::var("GOLEM_EXEC_POOLING")
                .map(|v| v != "0")
                .unwrap_or(true),
            max_instances: 64,
            max_memory_bytes: 2 << 30,
        }
    }
}

pub(crate) struct HostState {
    pub wasi: WasiCtx,
    pub table: ResourceTable,
    pub limits: crate::memory_meter::MemoryMeter,
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// A loaded component, ready to be instantiated many times.
#[derive(Clone)]
pub struct ExecHost {
    pub(crate) engine: Engine,
    pub(crate) pre: ExecLibraryPre<HostState>,
    pub(crate) config: Arc<HostConfig>,
}

impl ExecHost {
    pub fn load(path: impl AsRef<Path>, config: HostConfig) -> Result<Self> {
        let mut wasm_config = Config::new();
        wasm_config.epoch_interruption(true);
        if config.pooling {
            let mut pool = PoolingAllocationConfig::default();
            pool.total_component_instances(config.max_instances)
                .total_core_instances(config.max_instances * 4)
                .total_memories(config.max_instances * 4)
                .total_tables(config.max_instances * 4)
                .max_memories_per_component(8)
                .max_tables_per_component(8)
                .max_core_instances_per_component(64)
                .table_elements(200_000)
                .max_memory_size(config.max_memory_bytes);
            wasm_config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        }
        let engine = Engine::new(&wasm_config)
            .anyhow()
            .context("cannot create the Wasmtime engine")?;
        let path = path.as_ref();
        let component = load_component(&engine, path, config.cache_dir.as_deref())?;
        let mut linker = Linker::<HostState>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)
            .anyhow()
            .context("cannot add WASI to the linker")?;
        let pre = linker
            .instantiate_pre(&component)
            .anyhow()
            .with_context(|| {
                format!(
                    "component {} does not link against WASI 0.2",
                    path.display()
                )
            })?;
        let pre = ExecLibraryPre::new(pre).anyhow().with_context(|| {
            format!(
                "{} does not export golem:exec@1.0.0 and golem-exec:streaming@0.1.0",
                path.display()
            )
        })?;
        start_epoch_ticker(&engine);
        Ok(ExecHost {
            engine,
            pre,
            config: Arc::new(config),
        })
    }
}

/// Advances the engine's epoch until the engine is dropped.
fn start_epoch_ticker(engine: &Engine) {
    let weak = engine.weak();
    std::thread::spawn(move || {
        while let Some(engine) = weak.upgrade() {
            engine.increment_epoch();
            drop(engine);
            std::thread::sleep(EPOCH_TICK);
        }
    });
}
