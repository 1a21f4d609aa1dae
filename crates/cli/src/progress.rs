//! Progress for long jobs: a bar on a terminal, plain periodic lines otherwise (logs, CI).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const PLAIN_EVERY: Duration = Duration::from_secs(5);

pub struct Progress {
    bar: Option<ProgressBar>,
    label: &'static str,
    total: Option<u64>,
    last_plain: Mutex<Instant>,
}

impl Progress {
    /// `total` in the job's unit (bytes for imports, reports for linking).
    pub fn new(total: Option<u64>, label: &'static str) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = match total {
                Some(t) => ProgressBar::new(t).with_style(
                    ProgressStyle::with_template(
                        "{prefix} {spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} ({eta}) {msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
                None => ProgressBar::new_spinner(),
            };
            bar.set_prefix(label);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            label,
            total,
            last_plain: Mutex::new(Instant::now()),
        }
    }

    /// Prints a line without breaking the bar.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Sets the position; `msg` is shown beside the bar, or in the plain line.
    pub fn set_with(&self, pos: u64, msg: impl FnOnce() -> String) {
        match &self.bar {
            Some(b) => {
                b.set_position(pos);
                b.set_message(msg());
            }
            None => {
                let mut last = self.last_plain.lock().unwrap_or_else(|p| p.into_inner());
                if last.elapsed() >= PLAIN_EVERY {
                    *last = Instant::now();
                    let of = self.total.map(|t| format!(" of {t}")).unwrap_or_default();
                    eprintln!("{}: {pos}{of} {}", self.label, msg());
                }
            }
        }
    }

    pub fn set(&self, pos: u64) {
        self.set_with(pos, String::new);
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
