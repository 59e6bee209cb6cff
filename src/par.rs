//! Work split over the machine's cores, its results kept in input order.
//!
//! A large VPC's doctor run does the same thing for each of 100,000
//! subnets; scoped threads (one per core) each take one consecutive run of
//! them, and the runs' results are put back in order, so the output is the
//! same whatever the number of cores. Small inputs stay on the calling
//! thread: starting a thread costs more than a few hundred items.
//!
//! Imports nothing from eksnet.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Set by [`set_threads`]; 0: the cores this process may use.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// How many threads to split work over: the cores this process may use,
/// unless [`set_threads`] said otherwise.
pub fn threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => cores(),
        n => n,
    }
}

/// The cores this process may use, asked once: std reads the cgroup's CPU
/// quota from /proc and /sys on every call.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get))
}

/// Split work over `n` threads from now on (0: as many as the cores), so a
/// test can compare one thread's output with several threads'. Results do
/// not depend on it, only the time they take.
pub fn set_threads(n: usize) {
    THREADS.store(n, Ordering::Relaxed);
}

/// The chunk length that splits `len` items over `threads()` threads, or
/// `len` (one chunk) when a chunk would hold fewer than `min` items.
fn chunk_len(len: usize, min: usize) -> usize {
    if len < 2 * min.max(1) {
        return len.max(1);
    }
    split_len(len, min, threads())
}

/// The chunk length that splits `len` items over `n` threads.
fn split_len(len: usize, min: usize, n: usize) -> usize {
    if n < 2 {
        return len.max(1);
    }
    len.div_ceil(n).max(min).max(1)
}

/// `f` of each consecutive chunk of `items`, in order; the chunks run on
/// threads of their own when there are at least `2 × min` items.
pub fn map_chunks<T, R, F>(items: &[T], min: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> R + Sync,
{
    let len = chunk_len(items.len(), min);
    if len >= items.len() {
        return vec![f(items)];
    }
    let f = &f;
    let (first, rest) = items.split_at(len);
    // The calling thread takes the first chunk, new threads the others.
    std::thread::scope(|s| {
        let handles: Vec<_> = rest.chunks(len).map(|c| s.spawn(move || f(c))).collect();
        let mut out = vec![f(first)];
        out.extend(handles.into_iter().map(join));
        out
    })
}

/// `f` on each consecutive chunk of `items`, changing them in place; on
/// threads of their own when there are at least `2 × min` items.
pub fn for_chunks_mut<T, F>(items: &mut [T], min: usize, f: F)
where
    T: Send,
    F: Fn(&mut [T]) + Sync,
{
    let len = chunk_len(items.len(), min);
    if len >= items.len() {
        return f(items);
    }
    let f = &f;
    let (first, rest) = items.split_at_mut(len);
    std::thread::scope(|s| {
        for c in rest.chunks_mut(len) {
            s.spawn(move || f(c));
        }
        f(first);
    });
}

/// `items` sorted stably by `cmp`, as `sort_by` sorts them: each chunk
/// is sorted on a thread of its own (with at least `2 × min` items), then
/// one more stable sort merges the sorted runs, which it finds as runs and
/// merges in a pass each. Equal items keep their order, so the result does
/// not depend on the number of threads.
pub fn sort_by<T, F>(items: &mut [T], min: usize, cmp: F)
where
    T: Send,
    F: Fn(&T, &T) -> std::cmp::Ordering + Sync,
{
    sort_in_chunks(items, chunk_len(items.len(), min), cmp);
}

/// [`sort_by`] with chunks of `len` items, each on a thread of its own.
fn sort_in_chunks<T, F>(items: &mut [T], len: usize, cmp: F)
where
    T: Send,
    F: Fn(&T, &T) -> std::cmp::Ordering + Sync,
{
    if len < items.len() {
        let cmp = &cmp;
        let (first, rest) = items.split_at_mut(len);
        std::thread::scope(|s| {
            for c in rest.chunks_mut(len) {
                s.spawn(move || c.sort_by(cmp));
            }
            first.sort_by(cmp);
        });
    }
    items.sort_by(&cmp);
}

/// `a` and `b`, at the same time (`b` on a thread of its own) when `side`
/// holds and there is more than one core; else one after the other.
pub fn both<A, B, RA, RB>(side: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA,
    B: FnOnce() -> RB + Send,
    RB: Send,
{
    if !side || threads() < 2 {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let hb = s.spawn(b);
        let ra = a();
        (ra, join(hb))
    })
}

/// A scoped thread's result; its panic, if it panicked, goes on.
pub fn join<R>(h: std::thread::ScopedJoinHandle<'_, R>) -> R {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorted on several threads as on one, equal keys in their order.
    #[test]
    fn a_parallel_sort_is_the_stable_sort() {
        let items: Vec<(u32, u32)> = (0..10_000u32).map(|i| ((i * 7919) % 13, i)).collect();
        let mut one = items.clone();
        one.sort_by_key(|x| x.0);
        // Split over 1 to 7 threads whatever the machine's cores.
        for threads in 1..=7 {
            let mut many = items.clone();
            let len = split_len(many.len(), 100, threads);
            sort_in_chunks(&mut many, len, |a, b| a.0.cmp(&b.0));
            assert_eq!(many, one, "{threads} threads");
        }
        let mut called = items.clone();
        sort_by(&mut called, 100, |a, b| a.0.cmp(&b.0));
        assert_eq!(called, one);
    }

    #[test]
    fn chunks_come_back_in_order_and_cover_everything() {
        let items: Vec<u32> = (0..10_001).collect();
        for min in [1, 7, 5_000, 20_000] {
            let out: Vec<u32> =
                map_chunks(&items, min, |c| c.iter().map(|x| x * 2).collect::<Vec<_>>())
                    .into_iter()
                    .flatten()
                    .collect();
            assert_eq!(
                out,
                items.iter().map(|x| x * 2).collect::<Vec<_>>(),
                "min {min}"
            );
        }
        assert_eq!(map_chunks(&[] as &[u8], 1, <[u8]>::len), vec![0]);
    }

    #[test]
    fn every_item_is_changed_once() {
        let mut items: Vec<u32> = (0..10_001).collect();
        for_chunks_mut(&mut items, 3, |c| c.iter_mut().for_each(|x| *x += 1));
        assert!(items.iter().enumerate().all(|(i, &x)| x as usize == i + 1));
        assert_eq!(both(true, || 1, || 2), (1, 2));
        assert_eq!(both(false, || 1, || 2), (1, 2));
    }

    #[test]
    fn small_inputs_are_one_chunk() {
        assert_eq!(chunk_len(10, 100), 10);
        assert_eq!(chunk_len(0, 100), 1);
        if threads() > 1 {
            assert!(chunk_len(1_000, 10) < 1_000);
        }
    }
}
