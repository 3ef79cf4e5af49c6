//! Work that mostly waits for the disk (listing folders, reading files,
//! looking files up). Rayon keeps one thread per core, which is right for
//! rendering but leaves a disk that has to be read from idle most of the
//! time; these threads keep several requests in flight.

/// Threads for disk work: more than cores, since each mostly waits.
pub const THREADS: usize = 8;

/// `f` over every item on [`THREADS`] threads, the results in the order of
/// `items`.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    if items.len() < 2 {
        return items.into_iter().map(f).collect();
    }
    let per_thread = items.len().div_ceil(THREADS);
    let mut parts: Vec<Vec<T>> = Vec::with_capacity(THREADS);
    let mut items = items.into_iter();
    loop {
        let part: Vec<T> = items.by_ref().take(per_thread).collect();
        if part.is_empty() {
            break;
        }
        parts.push(part);
    }
    let f = &f;
    std::thread::scope(|scope| {
        let running: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        running
            .into_iter()
            .flat_map(|part| match part.join() {
                Ok(done) => done,
                // A panic in `f` is a bug; let it surface as one.
                Err(e) => std::panic::resume_unwind(e),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        for n in [0, 1, 2, 7, 8, 9, 100, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = super::map(items.clone(), |i| i * 2);
            assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }
}
