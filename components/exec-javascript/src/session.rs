//! One QuickJS runtime and context: a session's interpreter, or a one-shot
//! run's. Runs are driven as an event loop in steps: the module's
//! synchronous part, then jobs, then one timer (macrotask) per step.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use exec_core::output::Stream;
use exec_core::{EngineSession, ExecError, Limit, RunEnd, Sandbox, Step, Stop};
use rquickjs::promise::PromiseState;
use rquickjs::{
    CatchResultExt, CaughtError, Context, Ctx, Module, Persistent, Promise, Runtime, Value,
};

use crate::alloc::{MemoryMeter, MeteredAllocator};
use crate::apis;
use crate::loader::{StoreLoader, StoreResolver};

unsafe extern "C" {
    /// Vendored QuickJS (`vendor/rquickjs-sys/PATCHES.md`): frees every
    /// pending job without running it.
    fn JS_DiscardPendingJobs(rt: *mut rquickjs::qjs::JSRuntime);
}

/// How much of the shadow stack QuickJS may use before it throws
/// `RangeError: Maximum call stack size exceeded`. Each JS call also uses
/// about 3-4x as much of the host's native wasm stack, so 128 KiB keeps deep
/// recursion a catchable error under Wasmtime's default 512 KiB
/// `max_wasm_stack`. Hosts that raise that limit can raise this one with
/// `EXEC_JS_STACK_BYTES` (at most the 4 MiB shadow stack, `.cargo/config.toml`).
const DEFAULT_JS_STACK_BYTES: usize = 128 * 1024;
const SHADOW_STACK_BYTES: usize = 4 * 1024 * 1024;

fn js_stack_bytes() -> Result<usize, ExecError> {
    match std::env::var("EXEC_JS_STACK_BYTES") {
        Err(_) => Ok(DEFAULT_JS_STACK_BYTES),
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 && n <= SHADOW_STACK_BYTES - 256 * 1024 => Ok(n),
            _ => Err(ExecError::internal(format!(
                "EXEC_JS_STACK_BYTES={v:?} must be a byte count between 1 and {}",
                SHADOW_STACK_BYTES - 256 * 1024
            ))),
        },
    }
}

/// A refused allocation ends the run, even if the snippet caught the
/// out-of-memory error it caused.
/// Stops the allocator saw: a refusal past the deadline is the time limit
/// (the first request made wins, so whichever came first is reported).
fn note_meter_stops(meter: &MemoryMeter, sandbox: &Sandbox) {
    if meter.refused_for_deadline() {
        sandbox.request_stop(Stop::Limit(Limit::Time));
    }
    if meter.exceeded() {
        sandbox.request_stop(Stop::Limit(Limit::Memory));
    }
}

/// The stop the sandbox was asked for (a limit, `process.exit`), which ends
/// the run whatever the interpreter was doing when it was interrupted.
fn requested_end(meter: &MemoryMeter, sandbox: &Sandbox) -> Option<RunEnd> {
    note_meter_stops(meter, sandbox);
    sandbox.pending_stop().map(RunEnd::from)
}

type Rejections = Rc<RefCell<Vec<(Persistent<Value<'static>>, Persistent<Value<'static>>)>>>;

pub struct JsSession {
    sandbox: Rc<Sandbox>,
    meter: Rc<MemoryMeter>,
    rejections: Rejections,
    /// The running snippet's evaluation promise (top-level await).
    main: Option<Persistent<Promise<'static>>>,
    // Field order matters: the context must be dropped before the runtime.
    context: Context,
    runtime: Runtime,
}

impl JsSession {
    pub fn new(sandbox: Rc<Sandbox>) -> Result<Self, ExecError> {
        let meter = Rc::new(MemoryMeter::default());
        let runtime = Runtime::new_with_alloc(MeteredAllocator(meter.clone()))
            .map_err(|e| ExecError::internal(format!("cannot create a QuickJS runtime: {e}")))?;
        runtime.set_max_stack_size(js_stack_bytes()?);
        {
            let sandbox = sandbox.clone();
            let meter = meter.clone();
            runtime.set_interrupt_handler(Some(Box::new(move || {
                note_meter_stops(&meter, &sandbox);
                sandbox.stop_requested().is_some()
            })));
        }
        let rejections: Rejections = Rc::default();
        {
            let rejections = rejections.clone();
            runtime.set_host_promise_rejection_tracker(Some(Box::new(
                move |ctx: Ctx<'_>, promise: Value<'_>, reason: Value<'_>, handled: bool| {
                    let mut list = rejections.borrow_mut();
                    if handled {
                        list.retain(|(p, _)| {
                            p.clone()
                                .restore(&ctx)
                                .map(|p| p != promise)
                                .unwrap_or(true)
                        });
                    } else {
                        list.push((
                            Persistent::save(&ctx, promise),
                            Persistent::save(&ctx, reason),
                        ));
                    }
                },
            )));
        }
        runtime.set_loader(StoreResolver(sandbox.clone()), StoreLoader(sandbox.clone()));
        let context = Context::full(&runtime)
            .map_err(|e| ExecError::internal(format!("cannot create a QuickJS context: {e}")))?;
        context
            .with(|ctx| apis::install(&ctx, &sandbox, &meter))
            .map_err(|e| {
                ExecError::internal(format!("cannot install the JavaScript builtins: {e}"))
            })?;
        Ok(JsSession {
            sandbox,
            meter,
            rejections,
            main: None,
            context,
            runtime,
        })
    }

    /// Drops timers and jobs an ended run left behind, so they cannot run
    /// (or print) during the session's next run.
    fn discard_leftovers(&mut self) {
        // First: the clean-up below must not have its allocations refused.
        self.meter.end_run();
        self.main = None;
        self.context.with(|ctx| {
            let _ = apis::timers::clear(&ctx);
        });
        self.context.with(|ctx| {
            // SAFETY: the context is live and locked for this closure; the
            // call only unlinks and frees QuickJS's own job entries.
            unsafe { JS_DiscardPendingJobs(rquickjs::qjs::JS_GetRuntime(ctx.as_raw().as_ptr())) }
        });
        self.rejections.borrow_mut().clear();
    }

    /// Ends the run once it is done. Reporting how it ended (the stack of
    /// an uncaught error, the unsettled-await warning) writes output, and a
    /// stop that writing asks for (the output cap) is how the run ends.
    fn finish_step(&mut self, step: Step) -> Step {
        match step {
            Step::Pending => Step::Pending,
            Step::Done(end) => {
                self.discard_leftovers();
                Step::Done(requested_end(&self.meter, &self.sandbox).unwrap_or(end))
            }
        }
    }

    fn write_stderr(&self, text: &str) {
        self.sandbox.write_output(Stream::Stderr, text.as_bytes());
    }

    /// Formats an uncaught value the way `console.error` would.
    fn report_uncaught<'js>(&self, ctx: &Ctx<'js>, value: Value<'js>, prefix: &str) {
        let text =
            apis::format_uncaught(ctx, value).unwrap_or_else(|_| "Uncaught exception".to_string());
        self.write_stderr(&format!("{prefix}{text}\n"));
    }

    /// Converts an error caught from QuickJS into how the run ends.
    fn caught<'js>(&self, ctx: &Ctx<'js>, err: CaughtError<'js>, compiling: bool) -> RunEnd {
        if let Some(end) = requested_end(&self.meter, &self.sandbox) {
            return end;
        }
        // Only the parser's refusals are compile failures: a SyntaxError, or
        // the RangeError of source nested too deep to parse. An unresolvable
        // import, also raised while compiling, is a runtime failure as in Node.
        let mut syntax_error = false;
        match err {
            CaughtError::Exception(e) => {
                syntax_error = e
                    .get::<_, String>("name")
                    .is_ok_and(|name| name == "SyntaxError" || name == "RangeError");
                self.report_uncaught(ctx, e.into_value(), "")
            }
            CaughtError::Value(v) => self.report_uncaught(ctx, v, "Uncaught "),
            CaughtError::Error(e) => self.write_stderr(&format!("Error: {e}\n")),
        }
        if compiling && syntax_error {
            RunEnd::CompileError
        } else {
            RunEnd::Threw
        }
    }

    /// Runs queued jobs (promise reactions) until none is left.
    fn drain_jobs(&mut self) -> Result<(), RunEnd> {
        loop {
            match self.runtime.execute_pending_job() {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(job) => {
                    let end = job.0.with(|ctx| {
                        let caught = CaughtError::from_error(&ctx, rquickjs::Error::Exception);
                        self.caught(&ctx, caught, false)
                    });
                    return Err(end);
                }
            }
        }
    }

    /// After jobs ran: the run's state, and what to do next.
    fn settle(&mut self) -> Step {
        if let Err(end) = self.drain_jobs() {
            return Step::Done(end);
        }
        if let Some(end) = requested_end(&self.meter, &self.sandbox) {
            return Step::Done(end);
        }
        let main = self.main.clone();
        let rejections = std::mem::take(&mut *self.rejections.borrow_mut());
        let context = self.context.clone();
        context.with(|ctx| {
            if let Some(main) = main.and_then(|m| m.restore(&ctx).ok())
                && main.state() == PromiseState::Rejected
            {
                let reason: Value = main
                    .result::<Value>()
                    .and_then(|r| r.err())
                    .map(|_| ctx.catch())
                    .unwrap_or_else(|| Value::new_undefined(ctx.clone()));
                self.main = None;
                self.report_uncaught(&ctx, reason, "");
                return Step::Done(RunEnd::Threw);
            }
            if let Some((_, reason)) = rejections.into_iter().next() {
                let reason = reason
                    .restore(&ctx)
                    .unwrap_or_else(|_| Value::new_undefined(ctx.clone()));
                self.report_uncaught(&ctx, reason, "Uncaught (in promise) ");
                return Step::Done(RunEnd::Threw);
            }
            match apis::timers::next_due(&ctx) {
                Ok(Some(_)) => Step::Pending,
                Ok(None) => {
                    let exit_code = apis::process::exit_code(&ctx);
                    let unsettled = self
                        .main
                        .as_ref()
                        .and_then(|m| m.clone().restore(&ctx).ok())
                        .is_some_and(|m| m.state() == PromiseState::Pending);
                    if unsettled {
                        self.write_stderr("Warning: Detected unsettled top-level await\n");
                    }
                    // `process.exitCode` wins; Node exits with 13 when
                    // top-level await never settles.
                    Step::Done(match (exit_code, unsettled) {
                        (Some(code), _) => RunEnd::Exited(code),
                        (None, true) => RunEnd::Exited(13),
                        (None, false) => RunEnd::Completed,
                    })
                }
                Err(e) => Step::Done(self.caught(&ctx, CaughtError::Error(e), false)),
            }
        })
    }
}

impl EngineSession for JsSession {
    fn start(&mut self, snippet: &str) -> Step {
        self.meter.begin_run(
            self.sandbox.io().limits.memory_bytes,
            self.sandbox.deadline(),
        );
        self.rejections.borrow_mut().clear();
        let name = self.sandbox.cwd().join("<snippet>").to_absolute();
        let source = snippet.to_string();
        let outcome = self.context.with(|ctx| {
            if let Err(err) = apis::process::begin_run(&ctx) {
                return Err(self.caught(&ctx, CaughtError::Error(err), false));
            }
            let module = match Module::declare(ctx.clone(), name.as_str(), source).catch(&ctx) {
                Ok(module) => module,
                Err(err) => return Err(self.caught(&ctx, err, true)),
            };
            match module.eval().catch(&ctx) {
                Ok((_, promise)) => Ok(Persistent::save(&ctx, promise)),
                Err(err) => Err(self.caught(&ctx, err, false)),
            }
        });
        let step = match outcome {
            Ok(promise) => {
                self.main = Some(promise);
                self.settle()
            }
            Err(end) => Step::Done(end),
        };
        self.finish_step(step)
    }

    fn step(&mut self) -> Step {
        let deadline = self.sandbox.deadline();
        let ran = self.context.with(|ctx| -> rquickjs::Result<()> {
            if let Some(due) = apis::timers::next_due(&ctx)? {
                let wait = due.min(deadline).saturating_duration_since(Instant::now());
                if !wait.is_zero() {
                    std::thread::sleep(wait);
                }
                if self.sandbox.stop_requested().is_some() {
                    return Ok(());
                }
                apis::timers::run_due(&ctx)?;
            }
            Ok(())
        });
        let step = match ran {
            Err(err) => Step::Done(self.context.with(|ctx| {
                let caught = CaughtError::from_error(&ctx, err);
                self.caught(&ctx, caught, false)
            })),
            Ok(()) => self.settle(),
        };
        self.finish_step(step)
    }

    fn cancel(&mut self) {
        self.discard_leftovers();
    }

    fn peak_memory(&self) -> Option<u64> {
        Some(self.meter.peak() as u64)
    }
}
