//! Work spread over every core with rayon: `map` keeps the order of its
//! input. Used for every per-page stage (processing, resolving, JSON, HTML,
//! writing), which are independent page by page. The pool's threads get a
//! large stack, because deeply nested Markdown recurses deeply.

use rayon::prelude::*;
use std::sync::OnceLock;

/// Stack of each worker: deeply nested Markdown recurses deeply.
const STACK: usize = 16 * 1024 * 1024;

/// The preprocessor's pool, made on first use; `None` when no thread could
/// be started (the work is then done on the calling thread).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(STACK)
            .thread_name(|i| format!("tdt-build-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `work` inside the pool, so that its parallel iterators use it.
fn install<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// `items.iter().map(f).collect()`, with the items shared among the cores.
/// A panic in `f` is raised again on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    install(|| items.par_iter().map(f).collect())
}

/// Runs `f` on every item, on every core; the first error, if any.
pub fn try_each<T: Sync, E: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<(), E> + Sync + Send,
) -> Result<(), E> {
    install(|| items.par_iter().try_for_each(f))
}

/// Frees `items` on every core (at 30,000 pages, freeing the parsed pages
/// alone took about 80 ms on one core).
pub fn drop_all<I: IntoParallelIterator + Send>(items: I) {
    install(|| items.into_par_iter().for_each(drop));
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order() {
        let items: Vec<u32> = (0..1000).collect();
        let doubled = super::map(&items, |n| n * 2);
        assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert_eq!(super::map(&[1, 2], |n| n + 1), [2, 3]);
    }

    #[test]
    fn try_each_gives_an_error() {
        let items: Vec<u32> = (0..1000).collect();
        let failing = |n: &u32| if *n == 299 { Err(*n) } else { Ok(()) };
        assert_eq!(super::try_each(&items, failing), Err(299));
        assert_eq!(super::try_each(&items, |_| Ok::<(), u32>(())), Ok(()));
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let items: Vec<u32> = (0..100).collect();
        let caught = std::panic::catch_unwind(|| {
            super::map(&items, |n| if *n == 50 { panic!("fifty") } else { *n })
        });
        assert!(caught.is_err());
    }

    #[test]
    fn deep_recursion_has_room() {
        fn depth(n: u32) -> u32 {
            let pad = [n; 64];
            if n == 0 {
                0
            } else {
                depth(n - 1) + std::hint::black_box(pad)[0] / n
            }
        }
        // About 4 MB of stack: more than a default 2 MB rayon thread has.
        assert_eq!(super::map(&[15_000u32; 4], |n| depth(*n)), [15_000; 4]);
    }
}
