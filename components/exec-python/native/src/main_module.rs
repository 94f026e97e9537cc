//! The `_golem_native` extension as the engine (main interpreter) sees it:
//! the frozen table, the bridge's callables, and the snippet interpreters'
//! lifecycle and runs. Every function refuses to run anywhere but in the
//! main interpreter.

use core::ffi::{c_char, c_int, c_void};
use core::ptr::null_mut;

use crate::deadline::{self, Stop};
use crate::ffi::*;
use crate::global::Global;
use crate::guest_module::method;
use crate::interp::{self, Entered};
use crate::text;

unsafe fn require_main() -> bool {
    // SAFETY: GIL held by every caller.
    unsafe {
        if PyInterpreterState_Get() == PyInterpreterState_Main() {
            return true;
        }
        text::raise(PyExc_PermissionError, b"only the engine may call this");
        false
    }
}

/// `freeze(name, code, is_package, startup)`.
unsafe extern "C" fn freeze(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let (mut name, mut name_len): (*const c_char, Py_ssize_t) = (core::ptr::null(), 0);
    let (mut code, mut code_len): (*const c_char, Py_ssize_t) = (core::ptr::null(), 0);
    let (mut is_package, mut startup): (c_int, c_int) = (0, 0);
    // SAFETY: GIL held; the format matches the out-pointers.
    unsafe {
        if !require_main()
            || PyArg_ParseTuple(
                args,
                c"s#y#pp:freeze".as_ptr(),
                &mut name,
                &mut name_len,
                &mut code,
                &mut code_len,
                &mut is_package,
                &mut startup,
            ) == 0
        {
            return null_mut();
        }
        crate::frozen::add(
            core::slice::from_raw_parts(name as *const u8, name_len as usize),
            core::slice::from_raw_parts(code as *const u8, code_len as usize),
            is_package != 0,
            startup != 0,
        );
        none()
    }
}

unsafe extern "C" fn publish(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held.
    unsafe {
        if !require_main() {
            return null_mut();
        }
        crate::frozen::publish_startup();
        PyLong_FromLongLong(crate::frozen::module_count() as i64)
    }
}

/// `set_bridge(dispatch, compile)`.
unsafe extern "C" fn set_bridge(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let (mut dispatch, mut compile): (*mut PyObject, *mut PyObject) = (null_mut(), null_mut());
    // SAFETY: GIL held; the format matches the out-pointers.
    unsafe {
        if !require_main()
            || PyArg_ParseTuple(args, c"OO:set_bridge".as_ptr(), &mut dispatch, &mut compile) == 0
        {
            return null_mut();
        }
        crate::bridge::set(dispatch, compile);
        none()
    }
}

unsafe extern "C" fn new_interpreter(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held, in the main interpreter.
    unsafe {
        if !require_main() {
            return null_mut();
        }
        match interp::create() {
            Ok(handle) => PyLong_FromLongLong(handle as i64),
            Err(message) => {
                let mut text = b"cannot create an interpreter: ".to_vec();
                text.extend_from_slice(&message);
                text::raise(PyExc_RuntimeError, &text)
            }
        }
    }
}

unsafe extern "C" fn end_interpreter(_m: *mut PyObject, handle: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held, in the main interpreter.
    unsafe {
        if !require_main() {
            return null_mut();
        }
        let handle = PyLong_AsLongLong(handle);
        if handle < 0 {
            PyErr_Clear();
            return none();
        }
        let ended = interp::destroy(handle as usize);
        let result = if ended {
            &raw mut _Py_TrueStruct
        } else {
            &raw mut _Py_FalseStruct
        };
        Py_IncRef(result);
        result
    }
}

/// `run(handle, time_ms, memory_limit, payload) -> (stop, exit_code,
/// peak_memory, result, error)`: `memory_limit` is -1 for none; `payload`
/// marshal data of the guest's request; `stop` 0 or a `Stop` value;
/// `result` marshal data of the guest's reply, or None; `error` the text of
/// an exception that escaped the guest, or None.
unsafe extern "C" fn run(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let mut handle: Py_ssize_t = 0;
    let mut time_ms: u64 = 0;
    let mut memory_limit: i64 = -1;
    let (mut payload, mut payload_len): (*const c_char, Py_ssize_t) = (core::ptr::null(), 0);
    // SAFETY: GIL held, in the main interpreter; the format matches.
    unsafe {
        if !require_main()
            || PyArg_ParseTuple(
                args,
                c"nKLy#:run".as_ptr(),
                &mut handle,
                &mut time_ms,
                &mut memory_limit,
                &mut payload,
                &mut payload_len,
            ) == 0
        {
            return null_mut();
        }
        let payload =
            core::slice::from_raw_parts(payload as *const u8, payload_len as usize).to_vec();
        deadline::begin(time_ms);
        crate::meter::begin(u64::try_from(memory_limit).ok());
        let entered = interp::enter(handle.max(0) as usize, &payload);
        let peak = crate::meter::end();
        crate::bridge::flush_in_main();
        let stop = deadline::stop();
        deadline::end();
        let entered = match entered {
            Ok(entered) => entered,
            Err(message) => return text::raise(PyExc_RuntimeError, message.as_bytes()),
        };
        let (stop_code, exit_code) = match stop {
            Some((stop, code)) => (stop as u8 as c_int, code),
            None => (0, 0),
        };
        match entered {
            Entered::Returned(bytes) => Py_BuildValue(
                c"(iiKy#O)".as_ptr(),
                stop_code,
                exit_code,
                peak,
                bytes.as_ptr() as *const c_char,
                bytes.len() as Py_ssize_t,
                &raw mut _Py_NoneStruct,
            ),
            Entered::Raised(message) => Py_BuildValue(
                c"(iiKOs#)".as_ptr(),
                stop_code,
                exit_code,
                peak,
                &raw mut _Py_NoneStruct,
                message.as_ptr() as *const c_char,
                message.len() as Py_ssize_t,
            ),
        }
    }
}

/// `stop(kind)`: the engine stops the current run (the output cap, the
/// file-size limit), from a bridge call.
unsafe extern "C" fn stop(_m: *mut PyObject, kind: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held.
    unsafe {
        if !require_main() {
            return null_mut();
        }
        let stop = match PyLong_AsLongLong(kind) {
            2 => Stop::Memory,
            3 => Stop::Output,
            4 => Stop::FileSize,
            _ => return text::raise(PyExc_ValueError, b"unknown stop kind"),
        };
        deadline::request_stop(stop, 0);
        none()
    }
}

/// `parse(source, filename, mode, flags)`: the engine's compiler parses
/// snippet source into an AST with the parser's stack budget (see `stack`),
/// after the nesting bound (see `nesting`).
unsafe extern "C" fn parse(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let mut source: *mut PyObject = null_mut();
    let mut filename: *mut PyObject = null_mut();
    let mut mode: *mut PyObject = null_mut();
    let (mut flags, mut feature): (c_int, c_int) = (0, -1);
    // SAFETY: GIL held; the format matches the out-pointers.
    unsafe {
        if !require_main()
            || PyArg_ParseTuple(
                args,
                c"OUUii:parse".as_ptr(),
                &mut source,
                &mut filename,
                &mut mode,
                &mut flags,
                &mut feature,
            ) == 0
        {
            return null_mut();
        }
        let t = type_of(source);
        if t != &raw mut PyUnicode_Type && t != &raw mut PyBytes_Type {
            return text::raise(PyExc_TypeError, b"source must be str or bytes");
        }
        if let Some(refused) = crate::guest_module::refuse_deep_nesting(source, filename) {
            return refused;
        }
        let builtins = PyEval_GetBuiltins();
        let compile = PyDict_GetItemString(builtins, c"compile".as_ptr());
        if compile.is_null() {
            return text::raise(PyExc_RuntimeError, b"no compile");
        }
        const PY_CF_ONLY_AST: c_int = 0x0400;
        let call_args = Py_BuildValue(
            c"(OOOii)".as_ptr(),
            source,
            filename,
            mode,
            flags | PY_CF_ONLY_AST,
            1,
        );
        let kwargs = PyDict_New();
        if call_args.is_null() || kwargs.is_null() {
            return null_mut();
        }
        let fv = PyLong_FromLong(feature as core::ffi::c_long);
        PyDict_SetItemString(kwargs, c"_feature_version".as_ptr(), fv);
        Py_DecRef(fv);
        let tree =
            crate::stack::with_budget(PyThreadState_Get(), crate::stack::PARSER_BUDGET, || {
                PyObject_Call(compile, call_args, kwargs)
            });
        Py_DecRef(call_args);
        Py_DecRef(kwargs);
        tree
    }
}

static SEALED: Global<bool> = Global::new(false);

/// `seal()`: at run time, before the first snippet interpreter, the
/// component gives up what it inherited from its host: the process
/// environment (which every interpreter would copy into `os.environ`),
/// the standard streams (outside the capped output) and the preopened
/// directories (the host's files). Nothing in the component can get them
/// back.
unsafe extern "C" fn seal(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held; libc calls on descriptors this process owns.
    unsafe {
        if !require_main() {
            return null_mut();
        }
        if !*SEALED.get() {
            *SEALED.get() = true;
            // Resolving a path makes wasi-libc load its preopens first, so
            // that closing them below is final.
            crate::libc::access(c"/".as_ptr(), 0);
            crate::libc::access(c".".as_ptr(), 0);
            crate::libc::clearenv();
            for fd in 0..MAX_INHERITED_FD {
                crate::libc::close(fd);
            }
        }
        none()
    }
}

/// Descriptors a host hands a component: stdio and its preopens.
const MAX_INHERITED_FD: c_int = 64;

unsafe extern "C" fn interpreter_count(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held.
    unsafe { PyLong_FromLongLong(interp::count() as i64) }
}

static METHODS: [PyMethodDef; 11] = [
    method(c"parse", parse, METH_VARARGS),
    method(c"freeze", freeze, METH_VARARGS),
    method(c"publish", publish, METH_NOARGS),
    method(c"set_bridge", set_bridge, METH_VARARGS),
    method(c"new_interpreter", new_interpreter, METH_NOARGS),
    method(c"end_interpreter", end_interpreter, METH_O),
    method(c"run", run, METH_VARARGS),
    method(c"stop", stop, METH_O),
    method(c"seal", seal, METH_NOARGS),
    method(c"interpreter_count", interpreter_count, METH_NOARGS),
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
];

static HOOKED: Global<bool> = Global::new(false);

/// The module's exec slot: only the main interpreter may have this module
/// (a snippet interpreter gets `guest_module`); installs the audit hook.
unsafe extern "C" fn exec_module(_module: *mut PyObject) -> c_int {
    // SAFETY: GIL held.
    unsafe {
        if !require_main() {
            return -1;
        }
        if !*HOOKED.get() {
            if crate::audit::install() < 0 || crate::blocking::install() < 0 {
                return -1;
            }
            crate::meter::install();
            *HOOKED.get() = true;
        }
        0
    }
}

struct Slots([PyModuleDef_Slot; 3]);
// SAFETY: immutable after initialisation; single-threaded guest.
unsafe impl Sync for Slots {}

static SLOTS: Slots = Slots([
    PyModuleDef_Slot {
        slot: Py_mod_exec,
        value: exec_module as *mut c_void,
    },
    PyModuleDef_Slot {
        slot: Py_mod_multiple_interpreters,
        value: Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED as *mut c_void,
    },
    PyModuleDef_Slot {
        slot: 0,
        value: null_mut(),
    },
]);

static DEF: Global<PyModuleDef> = Global::new(PyModuleDef {
    m_base: PyModuleDef_Base {
        ob_base: PyObject {
            ob_refcnt: STATIC_IMMORTAL_REFCNT,
            ob_type: null_mut(),
        },
        m_init: None,
        m_index: 0,
        m_copy: null_mut(),
    },
    m_name: c"_golem_native".as_ptr(),
    m_doc: core::ptr::null(),
    m_size: 0,
    m_methods: METHODS.as_ptr(),
    m_slots: SLOTS.0.as_ptr(),
    m_traverse: core::ptr::null(),
    m_clear: core::ptr::null(),
    m_free: core::ptr::null(),
});

pub fn definition() -> *mut PyModuleDef {
    // SAFETY: handing CPython the static definition it initialises once.
    unsafe { DEF.get() }
}
