//! Moving text and errors between interpreters as bytes.

use alloc::vec::Vec;
use core::ffi::c_char;

use crate::ffi::*;

/// A nul-terminated copy of `s` for C.
pub fn c_string(s: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(s.len() + 1);
    v.extend(s.iter().map(|&b| if b == 0 { b'?' } else { b }));
    v.push(0);
    v
}

/// The current exception of this interpreter as text (cleared), for
/// re-raising in another interpreter.
///
/// # Safety
/// GIL held; an exception is set.
pub unsafe fn take_error_text() -> Vec<u8> {
    // SAFETY: per the contract, an exception is set in this interpreter.
    unsafe {
        let exc = PyErr_GetRaisedException();
        if exc.is_null() {
            return b"unknown error".to_vec();
        }
        let text = PyObject_Str(exc);
        Py_DecRef(exc);
        if text.is_null() {
            PyErr_Clear();
            return b"error (its message could not be formatted)".to_vec();
        }
        let out = utf8_of(text).unwrap_or_else(|| b"error".to_vec());
        Py_DecRef(text);
        out
    }
}

/// The UTF-8 bytes of a `str`, or None (error cleared).
///
/// # Safety
/// GIL held; `s` is a live object.
pub unsafe fn utf8_of(s: *mut PyObject) -> Option<Vec<u8>> {
    let mut len: Py_ssize_t = 0;
    // SAFETY: `s` is live; a non-str sets an error that is cleared.
    unsafe {
        let data = PyUnicode_AsUTF8AndSize(s, &mut len);
        if data.is_null() {
            PyErr_Clear();
            return None;
        }
        Some(core::slice::from_raw_parts(data as *const u8, len as usize).to_vec())
    }
}

/// Raises `exc` with a message of bytes (lossy UTF-8).
///
/// # Safety
/// GIL held.
pub unsafe fn raise(exc: *mut PyObject, message: &[u8]) -> *mut PyObject {
    let message = c_string(message);
    // SAFETY: `message` is nul-terminated; CPython decodes it with
    // `errors="replace"`.
    unsafe { PyErr_SetString(exc, message.as_ptr() as *const c_char) };
    core::ptr::null_mut()
}

/// The bytes of a `bytes` object, borrowed for as long as it lives.
///
/// # Safety
/// GIL held; `o` is live and stays alive while the slice is used.
pub unsafe fn bytes_of<'a>(o: *mut PyObject) -> Option<&'a [u8]> {
    let mut data: *mut c_char = core::ptr::null_mut();
    let mut len: Py_ssize_t = 0;
    // SAFETY: as documented.
    unsafe {
        if PyBytes_AsStringAndSize(o, &mut data, &mut len) < 0 {
            return None;
        }
        Some(core::slice::from_raw_parts(data as *const u8, len as usize))
    }
}
