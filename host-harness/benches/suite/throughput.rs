//! Snippets per second with N sessions running at once, one thread and one
//! instance each, on this machine's cores.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use host_harness::RunOptions;

use crate::Component;
use crate::report::{Cell, Table, text};

pub fn table(seconds: f64) -> Table {
    Table::new(
        "Throughput",
        format!(
            "N threads, each with its own instance and session, run the hello snippet for {seconds} s; {} cores.",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        ),
        &["component", "concurrent sessions", "snippets", "snippets/s"],
    )
}

pub fn run(component: &Component, seconds: f64, table: &mut Table) -> Result<()> {
    for threads in [1, 2, 4] {
        let deadline =
            Instant::now() + Duration::from_secs_f64(seconds) + Duration::from_millis(200);
        let counts = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| -> Result<(usize, Duration)> {
                        let mut instance = component.instantiate()?;
                        let session = instance.session(&component.lang, &[])?;
                        let options = RunOptions::default();
                        // Start together, after every thread has instantiated.
                        while Instant::now() < deadline - Duration::from_secs_f64(seconds) {
                            std::thread::sleep(Duration::from_millis(1));
                        }
                        let start = Instant::now();
                        let mut count = 0;
                        while Instant::now() < deadline {
                            if let Err(e) =
                                instance.session_run(&session, component.hello, &options)?
                            {
                                bail!("hello failed: {e:?}");
                            }
                            count += 1;
                        }
                        Ok((count, start.elapsed()))
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("worker thread"))
                .collect::<Result<Vec<_>>>()
        })?;
        let total: usize = counts.iter().map(|(c, _)| c).sum();
        let elapsed = counts
            .iter()
            .map(|(_, d)| d.as_secs_f64())
            .fold(0.0, f64::max);
        table.row([
            text(component.name),
            Cell::Count(threads),
            Cell::Count(total),
            Cell::PerSecond(total as f64 / elapsed),
        ]);
    }
    Ok(())
}
