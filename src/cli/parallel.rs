//! Work on many files at once, with results in the files' order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Applies `work` to every item on up to `available_parallelism` threads and
/// returns the results in the items' order, so output stays deterministic.
/// Items are handed out one at a time, so a few large files do not leave the
/// other threads idle.
pub fn map_in_order<T, R>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                let result = work(item);
                // A poisoned lock means another worker panicked; its panic
                // reaches the caller when the scope ends, so keep going.
                let mut done = done.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                done.push((index, result));
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::map_in_order;

    #[test]
    fn results_come_back_in_the_items_order() {
        let items: Vec<u64> = (0..1_000).collect();
        let squares = map_in_order(&items, |n| {
            // Uneven work, so threads finish out of order.
            if n % 7 == 0 {
                std::thread::yield_now();
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map_in_order(&Vec::<u8>::new(), |n| *n).is_empty());
    }
}
