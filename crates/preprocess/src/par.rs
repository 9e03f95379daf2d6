//! Work spread over every core: `map` keeps the order of its input. Workers
//! take small batches from a shared counter, so a slow stretch of pages
//! does not leave the other cores idle. Used for every per-page stage
//! (processing, resolving, JSON, HTML, writing), which are independent page
//! by page.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Items per batch a worker takes at a time.
const BATCH: usize = 32;

/// Stack of each worker: deeply nested Markdown recurses deeply.
const STACK: usize = 16 * 1024 * 1024;

/// `items.iter().map(f).collect()`, with the items shared among the cores.
/// A panic in `f` is raised again on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads == 1 || items.len() <= BATCH {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<R>)>> = Mutex::new(Vec::new());
    let work = || {
        loop {
            let start = next.fetch_add(BATCH, Ordering::Relaxed);
            if start >= items.len() {
                break;
            }
            let part = &items[start..(start + BATCH).min(items.len())];
            let results = part.iter().map(&f).collect();
            done.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((start, results));
        }
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, work)
            })
            .collect();
        for worker in workers {
            match worker {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: this one does the work left.
                Err(_) => work(),
            }
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|(start, _)| *start);
    done.into_iter().flat_map(|(_, results)| results).collect()
}

/// Runs `f` on every item, on every core; the first error, if any.
pub fn try_each<T: Sync, E: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<(), E> + Sync,
) -> Result<(), E> {
    map(items, f).into_iter().collect()
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
    fn try_each_gives_the_first_error() {
        let items: Vec<u32> = (0..1000).collect();
        let failing = |n: &u32| if n % 300 == 299 { Err(*n) } else { Ok(()) };
        assert_eq!(super::try_each(&items, failing), Err(299));
        assert_eq!(super::try_each(&items, |_| Ok::<(), u32>(())), Ok(()));
    }
}
