//! What a benchmark reads of a server process: its resident memory and CPU from `/proc`, and
//! the warnings in its log. Shared by the chat and load benchmarks. (Included by `#[path]`.)

/// Resident memory of a process, from its `/proc/…/status`, in kB: now, and its peak.
#[derive(Clone, Copy, Default)]
pub struct Memory {
    pub rss_kb: u64,
    pub peak_kb: u64,
    /// The resident pages that are the process's own (heap, stacks), and those of files it
    /// maps (its binary, and SQLite's database read through a memory map), which the kernel
    /// may drop and read again.
    pub anon_kb: u64,
    pub file_kb: u64,
    /// Of the anonymous pages, those in transparent huge pages (2 MB each, resident whole while
    /// anything in them lives), from `/proc/…/smaps_rollup`.
    pub huge_kb: u64,
    /// The process's threads: each has a stack, and a heap of the allocator's.
    pub threads: u64,
}

impl Memory {
    pub fn of(path: &str) -> Memory {
        let status = std::fs::read_to_string(path).unwrap_or_default();
        let rollup = path
            .strip_suffix("status")
            .and_then(|dir| std::fs::read_to_string(format!("{dir}smaps_rollup")).ok())
            .unwrap_or_default();
        let field = |name: &str| read_kb(&status, name);
        Memory {
            rss_kb: field("VmRSS:"),
            peak_kb: field("VmHWM:"),
            anon_kb: field("RssAnon:"),
            file_kb: field("RssFile:") + field("RssShmem:"),
            huge_kb: read_kb(&rollup, "AnonHugePages:"),
            threads: field("Threads:"),
        }
    }

    pub fn mine() -> Memory {
        Memory::of("/proc/self/status")
    }
}

/// The first number after `name` at the start of a line, in kB; 0 where there is none.
fn read_kb(text: &str, name: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

pub fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

impl std::fmt::Display for Memory {
    /// Resident now, with its own and its mapped files' shares.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.1} MB ({:.1} anonymous, {:.1} of it in huge pages, + {:.1} files, {} threads)",
            mb(self.rss_kb),
            mb(self.anon_kb),
            mb(self.huge_kb),
            mb(self.file_kb),
            self.threads
        )
    }
}

/// CPU seconds (user + system) of a process, from its `/proc/…/stat`; 0 where there is none.
pub fn cpu_seconds(path: &str) -> f64 {
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; 100 Hz.
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// The lines of a server's log at WARN or ERROR: how many, and the first few different ones.
pub fn warnings(log: &str) -> String {
    let mut count = 0;
    let mut shown: Vec<String> = Vec::new();
    for line in log.lines() {
        if !(line.contains("WARN") || line.contains("ERROR")) {
            continue;
        }
        count += 1;
        // Lines differ by their times and ids; the text after the level tells them apart.
        let short: String = line.chars().take(400).collect();
        let key = |l: &str| {
            l.split_once("WARN")
                .or(l.split_once("ERROR"))
                .map(|(_, r)| r.chars().take(80).collect::<String>())
        };
        if shown.len() < 5 && !shown.iter().any(|s| key(s) == key(&short)) {
            shown.push(short);
        }
    }
    if count == 0 {
        "nothing at WARN or ERROR".into()
    } else {
        format!(
            "{count} lines at WARN or ERROR, among them:\n    {}",
            shown.join("\n    ")
        )
    }
}
