//! Several specs side by side: each spec's job runs on a worker thread
//! while what it prints (stderr messages, stdout text) is held back, then
//! shown spec by spec in the order the specs were given, once all are
//! done, so the output reads as if they had run one after the other.

use std::cell::RefCell;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What one job printed, in the order it printed it.
#[derive(Debug, Default)]
pub struct Held(Vec<Printed>);

#[derive(Debug)]
enum Printed {
    /// A line for stderr, colour codes included (stripped when shown where
    /// colour does not belong, as any message).
    Err(String),
    Out(Vec<u8>),
}

thread_local! {
    /// The messages of the job running on this thread, when they are held.
    static HELD: RefCell<Option<Held>> = const { RefCell::new(None) };
}

/// Print a line on stderr, or hold it for the job running on this thread.
pub fn stderr_line(text: &str) {
    let text = HELD.with(|h| match h.borrow_mut().as_mut() {
        Some(held) => {
            held.0.push(Printed::Err(text.to_string()));
            None
        }
        None => Some(text),
    });
    if let Some(text) = text {
        let _ = writeln!(anstream::stderr(), "{text}");
    }
}

/// Write `bytes` on stdout and flush, or hold them.
pub fn stdout(bytes: &[u8]) -> std::io::Result<()> {
    let held = HELD.with(|h| match h.borrow_mut().as_mut() {
        Some(held) => {
            held.0.push(Printed::Out(bytes.to_vec()));
            true
        }
        None => false,
    });
    if held {
        return Ok(());
    }
    let mut o = std::io::stdout().lock();
    o.write_all(bytes).and_then(|()| o.flush())
}

impl Held {
    /// Print what was held, as it would have been printed.
    pub fn show(self) -> std::io::Result<()> {
        for p in self.0 {
            match p {
                Printed::Err(line) => stderr_line(&line),
                Printed::Out(bytes) => stdout(&bytes)?,
            }
        }
        Ok(())
    }
}

/// Run `job` on this thread with what it prints held back.
fn holding<T>(job: impl FnOnce() -> T) -> (T, Held) {
    HELD.with(|h| *h.borrow_mut() = Some(Held::default()));
    let result = job();
    let held = HELD.with(|h| h.borrow_mut().take()).unwrap_or_default();
    (result, held)
}

/// `job` of every item on up to `workers` threads; then `done` gets each
/// item's result and what its job printed, in the items' order.
pub fn side_by_side<I: Sync, T: Send>(
    items: &[I],
    workers: usize,
    job: impl Fn(&I) -> T + Sync,
    mut done: impl FnMut(&I, T, Held),
) {
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break mine };
            mine.push((i, holding(|| job(item))));
        }
    };
    let mut finished: Vec<_> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..workers.clamp(1, items.len().max(1)))
            .map(|_| s.spawn(worker))
            .collect();
        threads.into_iter().flat_map(crate::par::join).collect()
    });
    finished.sort_by_key(|(i, _)| *i);
    for (item, (_, (result, held))) in items.iter().zip(finished) {
        done(item, result, held);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_items_order_with_what_each_printed() {
        let items: Vec<u64> = (0..20).collect();
        let mut seen = Vec::new();
        side_by_side(
            &items,
            3,
            |i| {
                // Later items finish first.
                std::thread::sleep(std::time::Duration::from_millis(20 - i));
                stderr_line(&format!("line of {i}"));
                stdout(format!("out of {i}").as_bytes()).unwrap();
                i * 2
            },
            |i, doubled, held| {
                assert_eq!(doubled, i * 2);
                let texts: Vec<String> = held
                    .0
                    .iter()
                    .map(|p| match p {
                        Printed::Err(l) => l.clone(),
                        Printed::Out(b) => String::from_utf8(b.clone()).unwrap(),
                    })
                    .collect();
                assert_eq!(texts, [format!("line of {i}"), format!("out of {i}")]);
                seen.push(*i);
            },
        );
        assert_eq!(seen, items);
    }
}
