//! `process`: argv, env, cwd/chdir, exit, stdin. Only the run's `env` is
//! visible; the component's own environment never reaches a snippet.

use std::rc::Rc;

use exec_core::{Sandbox, Stop};
use rquickjs::{Ctx, Function, Object, Result};

use super::fs::throw_fs_error;
use super::throw_uncatchable;

pub fn register<'js>(ctx: &Ctx<'js>, host: &Object<'js>, sandbox: &Rc<Sandbox>) -> Result<()> {
    let s = sandbox.clone();
    host.set(
        "args",
        Function::new(ctx.clone(), move || s.io().args.clone())?,
    )?;
    let s = sandbox.clone();
    host.set(
        "env",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>| -> Result<Object<'js>> {
            let env = Object::new(ctx)?;
            for (key, value) in s.io().env.iter() {
                env.set(key.as_str(), value.as_str())?;
            }
            Ok(env)
        })?,
    )?;
    let s = sandbox.clone();
    host.set(
        "cwd",
        Function::new(ctx.clone(), move || s.cwd().to_absolute())?,
    )?;
    let s = sandbox.clone();
    host.set(
        "chdir",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, path: String| -> Result<()> {
                let target = s
                    .resolve(&path)
                    .map_err(|e| rquickjs::Exception::throw_type(&ctx, &e.to_string()))?;
                let is_dir = s.files().is_dir(&target);
                if !is_dir {
                    let err = exec_core::file_store::FsError {
                        code: exec_core::file_store::FsErrorCode::NotFound,
                        path: target,
                    };
                    return Err(throw_fs_error(&ctx, &err, "chdir", &path));
                }
                s.set_cwd(target);
                Ok(())
            },
        )?,
    )?;
    let s = sandbox.clone();
    host.set(
        "exit",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, code: i32| -> Result<()> {
            s.request_stop(Stop::Exit(code));
            Err(throw_uncatchable(&ctx, &format!("process.exit({code})")))
        })?,
    )?;
    let s = sandbox.clone();
    host.set(
        "readStdin",
        Function::new(ctx.clone(), move || {
            String::from_utf8_lossy(&s.io().read_stdin_to_end()).into_owned()
        })?,
    )?;
    let s = sandbox.clone();
    host.set(
        "abort",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, why: String| -> Result<()> {
                // process.abort()/kill(self) end the run like a signal would.
                s.request_stop(Stop::Exit(134));
                Err(throw_uncatchable(&ctx, &why))
            },
        )?,
    )?;
    Ok(())
}

fn internal<'js>(ctx: &Ctx<'js>) -> Result<Object<'js>> {
    ctx.globals().get(super::INTERNAL_KEY)
}

/// Resets what belongs to one run (stdin state, `exitCode`, env snapshot).
pub fn begin_run(ctx: &Ctx<'_>) -> Result<()> {
    let begin: Function = internal(ctx)?.get("beginRun")?;
    begin.call(())
}

/// `process.exitCode` when the snippet set a non-zero one.
pub fn exit_code(ctx: &Ctx<'_>) -> Option<i32> {
    let read: Function = internal(ctx).ok()?.get("exitCode").ok()?;
    let code: Option<f64> = read.call(()).ok()?;
    code.map(|c| c as i32).filter(|&c| c != 0)
}
