//! The frozen table: the standard library and the guest runtime, compiled
//! with ticks and marshalled at build time (the component has no source
//! files at run time), and binding loaded code to the current interpreter.

use alloc::vec::Vec;
use core::ffi::c_char;
use core::ptr::null_mut;

use crate::ffi::*;
use crate::global::Global;
use crate::interp;
use crate::text;

struct Entry {
    name: Vec<u8>,
    code: Vec<u8>,
    is_package: bool,
}

struct Table {
    /// Instrumented modules, sorted by name, served by `find`.
    modules: Vec<Entry>,
    /// Plain (uninstrumented) code of the modules an interpreter imports
    /// while it is created (`encodings`), as CPython's own frozen table,
    /// with nul-terminated names, ending with a zeroed entry.
    startup: Vec<Entry>,
    startup_table: Vec<Frozen>,
}

static TABLE: Global<Table> = Global::new(Table {
    modules: Vec::new(),
    startup: Vec::new(),
    startup_table: Vec::new(),
});

fn table() -> &'static mut Table {
    // SAFETY: not held across calls into Python.
    unsafe { TABLE.get() }
}

/// Adds a module. Build time only (the main interpreter's `freeze`).
pub fn add(name: &[u8], code: &[u8], is_package: bool, startup: bool) {
    let t = table();
    let entry = Entry {
        name: name.to_vec(),
        code: code.to_vec(),
        is_package,
    };
    if startup {
        t.startup.push(Entry {
            name: text::c_string(name),
            ..entry
        });
    } else {
        match t.modules.binary_search_by(|e| e.name.as_slice().cmp(name)) {
            Ok(i) => t.modules[i] = entry,
            Err(i) => t.modules.insert(i, entry),
        }
    }
}

/// Points CPython's frozen-module table at the startup modules.
///
/// # Safety
/// GIL held; no import runs concurrently (single-threaded).
pub unsafe fn publish_startup() {
    let t = table();
    t.startup_table = t
        .startup
        .iter()
        .map(|e| Frozen {
            name: e.name.as_ptr() as *const c_char,
            code: e.code.as_ptr(),
            size: e.code.len() as i32,
            is_package: e.is_package as i32,
        })
        .collect();
    t.startup_table.push(Frozen {
        name: core::ptr::null(),
        code: core::ptr::null(),
        size: 0,
        is_package: 0,
    });
    // SAFETY: the table's buffers live as long as the process (they are
    // never freed once published).
    unsafe { PyImport_FrozenModules = t.startup_table.as_ptr() };
}

pub fn module_count() -> usize {
    table().modules.len()
}

/// `find(name)`: `(code, is_package)` of a frozen module, bound to the
/// current interpreter, or None.
///
/// # Safety
/// GIL held, in a snippet interpreter.
pub unsafe fn find(name: &[u8]) -> *mut PyObject {
    let t = table();
    let Ok(i) = t.modules.binary_search_by(|e| e.name.as_slice().cmp(name)) else {
        return none();
    };
    let (code, is_package) = (t.modules[i].code.as_ptr(), t.modules[i].is_package);
    let len = t.modules[i].code.len();
    // SAFETY: the entry's buffer lives for the process; GIL held; loading
    // our own marshal data runs no snippet code.
    unsafe {
        let loaded = crate::permit::trusted(|| {
            PyMarshal_ReadObjectFromString(code as *const c_char, len as Py_ssize_t)
        });
        if loaded.is_null() {
            return null_mut();
        }
        let bound = bind(loaded);
        Py_DecRef(loaded);
        if bound.is_null() {
            return null_mut();
        }
        Py_BuildValue(c"(Ni)".as_ptr(), bound, is_package as i32)
    }
}

const TICK_CALL_SENTINEL: &[u8] = b"\0golem-exec:tick-call";

/// A copy of `code` whose sentinel constants (and those of nested code)
/// are the current interpreter's tick function.
///
/// # Safety
/// GIL held, in a snippet interpreter; `code` is a code object.
pub unsafe fn bind(code: *mut PyObject) -> *mut PyObject {
    let Some(interp) = interp::current() else {
        // SAFETY: GIL held.
        return unsafe { text::raise(PyExc_RuntimeError, b"no interpreter to bind code to") };
    };
    let bound = Bound {
        tick_function: interp.tick_function,
    };
    // SAFETY: GIL held; replacing constants runs no snippet code.
    unsafe { crate::permit::trusted(|| bind_code(code, &bound)) }
}

/// # Safety
/// GIL held; `code` is a code object.
struct Bound {
    tick_function: *mut PyObject,
}

unsafe fn bind_code(code: *mut PyObject, bound: &Bound) -> *mut PyObject {
    // SAFETY: GIL held; references are balanced below.
    unsafe {
        let consts = PyObject_GetAttrString(code, c"co_consts".as_ptr());
        if consts.is_null() {
            return null_mut();
        }
        let n = PyTuple_Size(consts);
        let replaced = PyTuple_New(n);
        if replaced.is_null() {
            Py_DecRef(consts);
            return null_mut();
        }
        let mut changed = false;
        for i in 0..n {
            let item = PyTuple_GetItem(consts, i);
            let new_item = if type_of(item) == &raw mut PyCode_Type {
                let bound_item = bind_code(item, bound);
                if bound_item.is_null() {
                    Py_DecRef(consts);
                    Py_DecRef(replaced);
                    return null_mut();
                }
                changed |= bound_item != item;
                bound_item
            } else if type_of(item) == &raw mut PyUnicode_Type {
                match sentinel(item) {
                    Some(SentinelKind::TickCall) => {
                        changed = true;
                        Py_IncRef(bound.tick_function);
                        bound.tick_function
                    }
                    None => {
                        Py_IncRef(item);
                        item
                    }
                }
            } else {
                Py_IncRef(item);
                item
            };
            PyTuple_SetItem(replaced, i, new_item);
        }
        Py_DecRef(consts);
        if !changed {
            Py_DecRef(replaced);
            Py_IncRef(code);
            return code;
        }
        let method = PyObject_GetAttrString(code, c"replace".as_ptr());
        let kwargs = PyDict_New();
        let args = PyTuple_New(0);
        let ready = !method.is_null()
            && !kwargs.is_null()
            && !args.is_null()
            && PyDict_SetItemString(kwargs, c"co_consts".as_ptr(), replaced) == 0;
        let result = if ready {
            PyObject_Call(method, args, kwargs)
        } else {
            null_mut()
        };
        for o in [method, kwargs, args, replaced] {
            if !o.is_null() {
                Py_DecRef(o);
            }
        }
        result
    }
}

enum SentinelKind {
    TickCall,
}

/// # Safety
/// GIL held; `s` is a str.
unsafe fn sentinel(s: *mut PyObject) -> Option<SentinelKind> {
    let mut len: Py_ssize_t = 0;
    // SAFETY: `s` is a str; UTF-8 conversion of a str cannot fail except
    // for lone surrogates, which are cleared.
    unsafe {
        let data = PyUnicode_AsUTF8AndSize(s, &mut len);
        if data.is_null() {
            PyErr_Clear();
            return None;
        }
        let bytes = core::slice::from_raw_parts(data as *const u8, len as usize);
        (bytes == TICK_CALL_SENTINEL).then_some(SentinelKind::TickCall)
    }
}
