//! The binary's global allocator: mimalloc instead of glibc's malloc.
//!
//! The compiler allocates many small strings, vectors and maps; with glibc's
//! malloc, `malloc` and `free` were about a quarter of a large build's CPU
//! (BENCHMARKS.md). mimalloc is built with its `no_thp` feature: with
//! transparent huge pages it advises its arenas `MADV_HUGEPAGE`, and the
//! kernel's zeroing of 2 MiB pages added more than a millisecond of CPU to
//! every small run (a pre-commit hook checking one file).
//!
//! Requests with the alignment every mimalloc block has (8 bytes, the
//! smallest block) go to `mi_malloc` and `mi_realloc`; only larger
//! alignments take the aligned entry points, whose general path costs more.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as ffi;

/// Every mimalloc block is aligned to at least this many bytes.
const PLAIN_ALIGN: usize = 8;

/// The global allocator (see the module documentation).
pub struct MiMalloc;

// SAFETY: every method forwards to mimalloc, which returns null on failure
// and memory aligned as asked: `mi_malloc`/`mi_realloc` blocks are aligned
// to `PLAIN_ALIGN`, larger alignments use the `_aligned` functions; `mi_free`
// accepts a pointer from any of them.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: plain FFI calls with a size and a power-of-two alignment.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                ffi::mi_malloc(layout.size()).cast()
            } else {
                ffi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                ffi::mi_zalloc(layout.size()).cast()
            } else {
                ffi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the caller's contract).
        unsafe { ffi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout` (the caller's contract).
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                ffi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                ffi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}
