//! The part of CPython 3.14's C API this module uses, declared by hand for
//! the wasm32 build componentize-py ships (32-bit pointers, GIL build, no
//! trace-refs). Layouts follow CPython 3.14's headers as pyo3-ffi 0.27
//! declares them; only functions are used where CPython offers both a macro
//! and a function, so that no private layout matters beyond the ones below.
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    dead_code
)]

use core::ffi::{c_char, c_int, c_uchar, c_void};

pub type Py_ssize_t = isize;

/// `PyObject` of a non-free-threaded 3.14 build on a 32-bit target.
#[repr(C)]
pub struct PyObject {
    pub ob_refcnt: Py_ssize_t,
    pub ob_type: *mut PyTypeObject,
}

#[repr(C)]
pub struct PyTypeObject {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct PyThreadState {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct PyInterpreterState {
    _opaque: [u8; 0],
}

pub type PyCFunction = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

#[repr(C)]
pub struct PyMethodDef {
    pub ml_name: *const c_char,
    pub ml_meth: Option<PyCFunction>,
    pub ml_flags: c_int,
    pub ml_doc: *const c_char,
}
// SAFETY: method tables are immutable after initialisation and the wasm
// guest is single-threaded.
unsafe impl Sync for PyMethodDef {}

pub const METH_VARARGS: c_int = 0x0001;
pub const METH_NOARGS: c_int = 0x0004;
pub const METH_O: c_int = 0x0008;
pub const METH_FASTCALL: c_int = 0x0080;

#[repr(C)]
pub struct PyModuleDef_Base {
    pub ob_base: PyObject,
    pub m_init: Option<unsafe extern "C" fn() -> *mut PyObject>,
    pub m_index: Py_ssize_t,
    pub m_copy: *mut PyObject,
}

#[repr(C)]
pub struct PyModuleDef_Slot {
    pub slot: c_int,
    pub value: *mut c_void,
}

pub const Py_mod_exec: c_int = 2;
pub const Py_mod_multiple_interpreters: c_int = 3;
pub const Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED: usize = 1;

#[repr(C)]
pub struct PyModuleDef {
    pub m_base: PyModuleDef_Base,
    pub m_name: *const c_char,
    pub m_doc: *const c_char,
    pub m_size: Py_ssize_t,
    pub m_methods: *const PyMethodDef,
    pub m_slots: *const PyModuleDef_Slot,
    pub m_traverse: *const c_void,
    pub m_clear: *const c_void,
    pub m_free: *const c_void,
}

/// `_Py_STATIC_IMMORTAL_INITIAL_REFCNT` on 32-bit targets (3.14): statically
/// allocated objects such as module definitions are never deallocated.
pub const STATIC_IMMORTAL_REFCNT: Py_ssize_t = 7 << 28;

pub const PYTHON_API_VERSION: c_int = 1013;

/// `struct _frozen` (3.13 and later: no `get_code`).
#[repr(C)]
pub struct Frozen {
    pub name: *const c_char,
    pub code: *const c_uchar,
    pub size: c_int,
    pub is_package: c_int,
}

#[repr(C)]
pub struct PyMemAllocatorEx {
    pub ctx: *mut c_void,
    pub malloc: Option<unsafe extern "C" fn(*mut c_void, usize) -> *mut c_void>,
    pub calloc: Option<unsafe extern "C" fn(*mut c_void, usize, usize) -> *mut c_void>,
    pub realloc: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, usize) -> *mut c_void>,
    pub free: Option<unsafe extern "C" fn(*mut c_void, *mut c_void)>,
}

#[repr(C)]
pub struct PyObjectArenaAllocator {
    pub ctx: *mut c_void,
    pub alloc: Option<unsafe extern "C" fn(*mut c_void, usize) -> *mut c_void>,
    pub free: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, usize)>,
}

pub const PYMEM_DOMAIN_RAW: c_int = 0;

#[repr(C)]
pub struct PyType_Slot {
    pub slot: c_int,
    pub pfunc: *mut c_void,
}

#[repr(C)]
pub struct PyType_Spec {
    pub name: *const c_char,
    pub basicsize: c_int,
    pub itemsize: c_int,
    pub flags: core::ffi::c_uint,
    pub slots: *mut PyType_Slot,
}

pub const Py_tp_call: c_int = 50;
pub const Py_tp_iter: c_int = 62;
pub const Py_tp_iternext: c_int = 63;
pub const Py_TPFLAGS_DISALLOW_INSTANTIATION: core::ffi::c_uint = 1 << 7;
pub const Py_TPFLAGS_IMMUTABLETYPE: core::ffi::c_uint = 1 << 8;
pub const Py_TPFLAGS_DEFAULT: core::ffi::c_uint = 1 << 18;

pub type Py_AuditHookFunction =
    unsafe extern "C" fn(event: *const c_char, args: *mut PyObject, data: *mut c_void) -> c_int;

unsafe extern "C" {
    pub static mut _Py_NoneStruct: PyObject;
    pub static mut PyExc_RuntimeError: *mut PyObject;
    pub static mut PyExc_ValueError: *mut PyObject;
    pub static mut PyExc_TypeError: *mut PyObject;
    pub static mut PyExc_PermissionError: *mut PyObject;
    pub static mut PyExc_BaseException: *mut PyObject;
    pub static mut PyExc_SyntaxError: *mut PyObject;
    pub static mut PyImport_FrozenModules: *const Frozen;
    pub static mut PyCode_Type: PyTypeObject;
    pub static mut PyUnicode_Type: PyTypeObject;
    pub static mut PyBytes_Type: PyTypeObject;
    pub static mut PyTuple_Type: PyTypeObject;

    pub static mut _Py_TrueStruct: PyObject;

    pub fn Py_IncRef(o: *mut PyObject);
    pub fn PyType_FromSpec(spec: *mut PyType_Spec) -> *mut PyObject;
    pub fn PyType_GenericAlloc(t: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyObject;
    pub fn PyImport_ImportModule(name: *const c_char) -> *mut PyObject;
    pub fn PyObject_Str(o: *mut PyObject) -> *mut PyObject;
    pub fn PyObject_IsTrue(o: *mut PyObject) -> c_int;
    pub fn PyObject_SetAttrString(o: *mut PyObject, name: *const c_char, v: *mut PyObject)
    -> c_int;
    pub fn Py_DecRef(o: *mut PyObject);

    pub fn PyArg_ParseTuple(args: *mut PyObject, format: *const c_char, ...) -> c_int;
    pub fn Py_BuildValue(format: *const c_char, ...) -> *mut PyObject;

    pub fn PyErr_SetString(exc: *mut PyObject, message: *const c_char);
    pub fn PyErr_SetObject(exc: *mut PyObject, value: *mut PyObject);
    pub fn PyErr_Occurred() -> *mut PyObject;
    pub fn PyErr_Clear();
    pub fn PyErr_NewException(
        name: *const c_char,
        base: *mut PyObject,
        dict: *mut PyObject,
    ) -> *mut PyObject;
    pub fn PyErr_GetRaisedException() -> *mut PyObject;
    pub fn PyErr_ExceptionMatches(exc: *mut PyObject) -> c_int;
    pub fn PyErr_GivenExceptionMatches(given: *mut PyObject, exc: *mut PyObject) -> c_int;

    pub fn PyModuleDef_Init(def: *mut PyModuleDef) -> *mut PyObject;
    pub fn PyModule_Create2(def: *mut PyModuleDef, api: c_int) -> *mut PyObject;
    pub fn PyModule_AddFunctions(module: *mut PyObject, methods: *const PyMethodDef) -> c_int;
    pub fn PyModule_AddObjectRef(
        module: *mut PyObject,
        name: *const c_char,
        value: *mut PyObject,
    ) -> c_int;
    pub fn PyModule_GetDict(module: *mut PyObject) -> *mut PyObject;
    pub fn PyImport_GetModuleDict() -> *mut PyObject;
    pub fn PyImport_AddModuleRef(name: *const c_char) -> *mut PyObject;

    pub fn PyBytes_FromStringAndSize(data: *const c_char, len: Py_ssize_t) -> *mut PyObject;
    pub fn PyBytes_AsStringAndSize(
        o: *mut PyObject,
        data: *mut *mut c_char,
        len: *mut Py_ssize_t,
    ) -> c_int;
    pub fn PyLong_FromLongLong(v: i64) -> *mut PyObject;
    pub fn PyLong_FromLong(v: core::ffi::c_long) -> *mut PyObject;
    pub fn PyLong_AsLongLong(o: *mut PyObject) -> i64;
    pub fn PyFloat_AsDouble(o: *mut PyObject) -> f64;
    pub fn PyUnicode_AsUTF8AndSize(o: *mut PyObject, len: *mut Py_ssize_t) -> *const c_char;
    pub fn PyUnicode_FromStringAndSize(data: *const c_char, len: Py_ssize_t) -> *mut PyObject;
    pub fn PyUnicode_CompareWithASCIIString(o: *mut PyObject, s: *const c_char) -> c_int;

    pub fn PyTuple_New(len: Py_ssize_t) -> *mut PyObject;
    pub fn PyTuple_Size(o: *mut PyObject) -> Py_ssize_t;
    pub fn PyTuple_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    pub fn PyTuple_SetItem(o: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int;
    pub fn PyDict_New() -> *mut PyObject;
    pub fn PyDict_SetItemString(d: *mut PyObject, key: *const c_char, v: *mut PyObject) -> c_int;
    pub fn PyDict_GetItemString(d: *mut PyObject, key: *const c_char) -> *mut PyObject;

    pub fn PyType_IsSubtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> c_int;
    pub fn PyObject_GetAttrString(o: *mut PyObject, name: *const c_char) -> *mut PyObject;
    pub fn PyObject_CallObject(callable: *mut PyObject, args: *mut PyObject) -> *mut PyObject;
    pub fn PyObject_Call(
        callable: *mut PyObject,
        args: *mut PyObject,
        kwargs: *mut PyObject,
    ) -> *mut PyObject;
    pub fn PyObject_CallOneArg(callable: *mut PyObject, arg: *mut PyObject) -> *mut PyObject;

    pub fn PyEval_EvalCode(
        code: *mut PyObject,
        globals: *mut PyObject,
        locals: *mut PyObject,
    ) -> *mut PyObject;
    pub fn PyEval_GetBuiltins() -> *mut PyObject;

    pub fn PyMarshal_ReadObjectFromString(data: *const c_char, len: Py_ssize_t) -> *mut PyObject;
    pub fn PyMarshal_WriteObjectToString(o: *mut PyObject, version: c_int) -> *mut PyObject;

    pub fn PyGC_Enable() -> c_int;
    pub fn PyGC_Disable() -> c_int;

    pub fn Py_NewInterpreter() -> *mut PyThreadState;
    pub fn Py_EndInterpreter(ts: *mut PyThreadState);
    pub fn PyThreadState_Swap(ts: *mut PyThreadState) -> *mut PyThreadState;
    pub fn PyThreadState_Get() -> *mut PyThreadState;
    pub fn PyInterpreterState_Get() -> *mut PyInterpreterState;
    pub fn PyInterpreterState_Main() -> *mut PyInterpreterState;

    pub fn PySys_AddAuditHook(hook: Py_AuditHookFunction, data: *mut c_void) -> c_int;

    pub fn PyMem_GetAllocator(domain: c_int, allocator: *mut PyMemAllocatorEx);
    pub fn PyMem_SetAllocator(domain: c_int, allocator: *mut PyMemAllocatorEx);
    pub fn PyObject_GetArenaAllocator(allocator: *mut PyObjectArenaAllocator);
    pub fn PyObject_SetArenaAllocator(allocator: *mut PyObjectArenaAllocator);
}

/// `Py_TYPE(o)` from the object header above.
///
/// # Safety
/// `o` must point to a live object.
pub unsafe fn type_of(o: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: the caller passes a live object; its header is `PyObject`.
    unsafe { (*o).ob_type }
}

/// `Py_None`, a new reference (None is immortal; counting is harmless).
pub fn none() -> *mut PyObject {
    // SAFETY: `_Py_NoneStruct` is CPython's static None.
    unsafe {
        let none = &raw mut _Py_NoneStruct;
        Py_IncRef(none);
        none
    }
}

unsafe extern "C" {
    pub fn PyLong_AsLongLongAndOverflow(o: *mut PyObject, overflow: *mut c_int) -> i64;
    pub fn PyFloat_FromDouble(v: f64) -> *mut PyObject;
}

unsafe extern "C" {
    pub static mut _Py_FalseStruct: PyObject;
}

/// `Py_MARSHAL_VERSION` of 3.14 (version 5 added slices, which the 3.14
/// compiler stores as constants).
pub const MARSHAL_VERSION: c_int = 5;

unsafe extern "C" {
    pub fn PyEval_GetFrame() -> *mut PyObject;
    pub fn PyFrame_GetCode(frame: *mut PyObject) -> *mut PyObject;
}

unsafe extern "C" {
    pub fn PyObject_CallNoArgs(callable: *mut PyObject) -> *mut PyObject;
    pub fn PyModule_GetDef(module: *mut PyObject) -> *mut PyModuleDef;
    pub fn PyType_GetSlot(t: *mut PyTypeObject, slot: c_int) -> *mut c_void;
}
