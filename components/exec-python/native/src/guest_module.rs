//! The `_golem_native` module of a snippet interpreter: what the guest
//! runtime calls. Every function here acts on the current run only; none
//! takes a session, an interpreter or a limit as an argument.

use core::ffi::{c_char, c_int};
use core::ptr::null_mut;

use alloc::vec::Vec;

use crate::bridge;
use crate::deadline::{self, Stop};
use crate::ffi::*;
use crate::frozen;
use crate::global::Global;
use crate::interp;
use crate::text;

unsafe extern "C" fn call(_m: *mut PyObject, request: *mut PyObject) -> *mut PyObject {
    // SAFETY: CPython calls with the GIL held.
    unsafe { bridge::call(request) }
}

unsafe extern "C" fn compile(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: CPython calls with the GIL held.
    unsafe { bridge::compile(args) }
}

unsafe extern "C" fn write(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let mut to_stderr: c_int = 0;
    let mut data: *const c_char = core::ptr::null();
    let mut len: Py_ssize_t = 0;
    // SAFETY: the format matches the out-pointers.
    unsafe {
        if PyArg_ParseTuple(
            args,
            c"py#:write".as_ptr(),
            &mut to_stderr,
            &mut data,
            &mut len,
        ) == 0
        {
            return null_mut();
        }
        bridge::write(
            to_stderr != 0,
            core::slice::from_raw_parts(data as *const u8, len as usize),
        )
    }
}

unsafe extern "C" fn flush(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held.
    unsafe {
        bridge::flush_output();
        if deadline::stop().is_some() {
            return deadline::raise_abort();
        }
        none()
    }
}

unsafe extern "C" fn find_frozen(_m: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held.
    unsafe {
        let Some(name) = text::utf8_of(name) else {
            return text::raise(PyExc_TypeError, b"a module name must be a str");
        };
        frozen::find(&name)
    }
}

/// `exit(code)`: ends the run with an exit code (`sys.exit`, `os._exit`),
/// taking the low 32 bits of a larger int as a C `int` cast would.
unsafe extern "C" fn exit(_m: *mut PyObject, code: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held.
    unsafe {
        let mut overflow: c_int = 0;
        let value = PyLong_AsLongLongAndOverflow(code, &mut overflow);
        if value == -1 && !PyErr_Occurred().is_null() {
            return null_mut();
        }
        let code = if overflow != 0 { 1 } else { value as i32 };
        deadline::request_stop(Stop::Exit, code);
        deadline::raise_abort()
    }
}

unsafe extern "C" fn remaining(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: GIL held.
    unsafe { PyFloat_FromDouble(deadline::remaining_ns() as f64 / 1e9) }
}

/// `parse(source, filename, mode, flags, optimize, feature_version)`: an
/// AST (never code) from CPython's own compiler, for `ast.parse`.
unsafe extern "C" fn parse(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let mut source: *mut PyObject = null_mut();
    let mut filename: *mut PyObject = null_mut();
    let mut mode: *mut PyObject = null_mut();
    let (mut flags, mut optimize, mut feature): (c_int, c_int, c_int) = (0, -1, -1);
    // SAFETY: GIL held; the format matches the out-pointers.
    unsafe {
        if PyArg_ParseTuple(
            args,
            c"OUUiii:parse".as_ptr(),
            &mut source,
            &mut filename,
            &mut mode,
            &mut flags,
            &mut optimize,
            &mut feature,
        ) == 0
        {
            return null_mut();
        }
        // Only exact str or bytes: nothing that could run snippet code
        // (`__fspath__`, a buffer's methods) inside the window below.
        let t = type_of(source);
        if t != &raw mut PyUnicode_Type && t != &raw mut PyBytes_Type {
            return text::raise(PyExc_TypeError, b"parse() source must be str or bytes");
        }
        if type_of(filename) != &raw mut PyUnicode_Type || type_of(mode) != &raw mut PyUnicode_Type
        {
            return text::raise(PyExc_TypeError, b"parse() filename and mode must be str");
        }
        let Some(original) = interp::current().map(|i| i.original_compile) else {
            return text::raise(PyExc_RuntimeError, b"no interpreter");
        };
        const PY_CF_ONLY_AST: c_int = 0x0400;
        let call_args = Py_BuildValue(
            c"(OOOiii)".as_ptr(),
            source,
            filename,
            mode,
            flags | PY_CF_ONLY_AST,
            1,
            optimize,
        );
        let kwargs = PyDict_New();
        if call_args.is_null() || kwargs.is_null() {
            return null_mut();
        }
        let fv = PyLong_FromLong(feature as core::ffi::c_long);
        PyDict_SetItemString(kwargs, c"_feature_version".as_ptr(), fv);
        Py_DecRef(fv);
        if let Some(refused) = refuse_deep_nesting(source, filename) {
            Py_DecRef(call_args);
            Py_DecRef(kwargs);
            return refused;
        }
        let tree =
            crate::stack::with_budget(PyThreadState_Get(), crate::stack::PARSER_BUDGET, || {
                crate::permit::trusted(|| PyObject_Call(original, call_args, kwargs))
            });
        Py_DecRef(call_args);
        Py_DecRef(kwargs);
        tree
    }
}

/// A SyntaxError for source shaped beyond what CPython can parse and compile
/// within the wasm stack (see `nesting`), or None.
///
/// # Safety
/// GIL held; `source` is a str or bytes, `filename` a str.
pub unsafe fn refuse_deep_nesting(
    source: *mut PyObject,
    filename: *mut PyObject,
) -> Option<*mut PyObject> {
    // SAFETY: GIL held; the borrowed bytes live as long as `source`.
    unsafe {
        let utf8;
        let bytes = if type_of(source) == &raw mut PyUnicode_Type {
            utf8 = text::utf8_of(source)?;
            &utf8[..]
        } else {
            text::bytes_of(source)?
        };
        let (at, message) = match crate::nesting::check(bytes)? {
            crate::nesting::TooComplex::Nesting(at) => (at, c"too many nested parentheses"),
            crate::nesting::TooComplex::Chain(at) => (
                at,
                c"expression too long to compile (more than 250 chained operators)",
            ),
        };
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        let column = at
            - bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        let args = Py_BuildValue(
            c"(s(Oiiz))".as_ptr(),
            message.as_ptr(),
            filename,
            line as core::ffi::c_int,
            column as core::ffi::c_int,
            core::ptr::null::<c_char>(),
        );
        if !args.is_null() {
            PyErr_SetObject(PyExc_SyntaxError, args);
            Py_DecRef(args);
        }
        Some(null_mut())
    }
}

static METHODS: [PyMethodDef; 10] = [
    PyMethodDef {
        ml_name: c"tick".as_ptr(),
        // SAFETY: CPython calls a METH_FASTCALL function with this signature.
        ml_meth: Some(unsafe {
            core::mem::transmute::<
                unsafe extern "C" fn(
                    *mut PyObject,
                    *const *mut PyObject,
                    Py_ssize_t,
                ) -> *mut PyObject,
                PyCFunction,
            >(deadline::tick_function)
        }),
        ml_flags: METH_FASTCALL,
        ml_doc: core::ptr::null(),
    },
    method(c"call", call, METH_O),
    method(c"compile", compile, METH_O),
    method(c"write", write, METH_VARARGS),
    method(c"flush", flush, METH_NOARGS),
    method(c"frozen", find_frozen, METH_O),
    method(c"exit", exit, METH_O),
    method(c"remaining", remaining, METH_NOARGS),
    method(c"parse", parse, METH_VARARGS),
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
];

pub const fn method(
    name: &'static core::ffi::CStr,
    f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
    flags: c_int,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: core::ptr::null(),
    }
}

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
    m_size: -1,
    m_methods: METHODS.as_ptr(),
    m_slots: core::ptr::null(),
    m_traverse: core::ptr::null(),
    m_clear: core::ptr::null(),
    m_free: core::ptr::null(),
});

/// Sets up a new snippet interpreter (the current one): its
/// `_golem_native`, its tick and abort type, then the guest runtime from
/// the frozen table. Returns the guest's `run` and `teardown`.
///
/// # Safety
/// GIL held, in the new interpreter, registered as current.
pub unsafe fn boot() -> Result<(*mut PyObject, *mut PyObject), Vec<u8>> {
    // SAFETY: GIL held in the new interpreter.
    unsafe {
        let fail = || Err(text::take_error_text());
        let module = PyModule_Create2(DEF.get(), PYTHON_API_VERSION);
        if module.is_null() {
            return fail();
        }
        let abort = PyErr_NewException(
            c"_golem_native.Abort".as_ptr(),
            PyExc_BaseException,
            null_mut(),
        );
        let builtins = PyImport_ImportModule(c"builtins".as_ptr());
        if abort.is_null() || builtins.is_null() {
            return fail();
        }
        let original_compile = PyObject_GetAttrString(builtins, c"compile".as_ptr());
        Py_DecRef(builtins);
        if original_compile.is_null() {
            return fail();
        }
        let Some(interp) = interp::current() else {
            return Err(b"no current interpreter".to_vec());
        };
        interp.abort_type = abort;
        interp.tick_function = PyObject_GetAttrString(module, c"tick".as_ptr());
        if interp.tick_function.is_null() {
            return fail();
        }
        interp.original_compile = original_compile;
        if PyModule_AddObjectRef(module, c"Abort".as_ptr(), abort) < 0
            || PyDict_SetItemString(PyImport_GetModuleDict(), c"_golem_native".as_ptr(), module) < 0
        {
            return fail();
        }
        Py_DecRef(module);
        let found = frozen::find(b"_golem_boot");
        if found.is_null() {
            return fail();
        }
        if found == &raw mut _Py_NoneStruct {
            Py_DecRef(found);
            return Err(b"the guest runtime is not in the frozen table".to_vec());
        }
        let code = PyTuple_GetItem(found, 0);
        let boot_module = PyImport_AddModuleRef(c"_golem_boot".as_ptr());
        if boot_module.is_null() {
            Py_DecRef(found);
            return fail();
        }
        let globals = PyModule_GetDict(boot_module);
        let result = PyEval_EvalCode(code, globals, globals);
        Py_DecRef(found);
        if result.is_null() {
            Py_DecRef(boot_module);
            return fail();
        }
        Py_DecRef(result);
        let entry = PyDict_GetItemString(globals, c"run".as_ptr());
        let teardown = PyDict_GetItemString(globals, c"teardown".as_ptr());
        if entry.is_null() || teardown.is_null() {
            Py_DecRef(boot_module);
            return Err(b"the guest runtime has no run() or teardown()".to_vec());
        }
        Py_IncRef(entry);
        Py_IncRef(teardown);
        Py_DecRef(boot_module);
        Ok((entry, teardown))
    }
}
