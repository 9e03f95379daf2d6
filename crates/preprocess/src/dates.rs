//! Footer dates: the day each content file last changed, from one pass over
//! the git history, else from the file's modification time.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::UNIX_EPOCH;

/// Content path (relative to `content`) → `YYYY-MM-DD` of its last change.
pub fn file_dates(content: &Path) -> HashMap<String, String> {
    let mut dates = git_dates(content).unwrap_or_default();
    add_mtimes(content, "", &mut dates);
    dates
}

/// One `git log` over the folder: the first date seen for a file is its newest.
fn git_dates(content: &Path) -> Option<HashMap<String, String>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(content)
        .args([
            "log",
            "--format=@%cs",
            "--name-only",
            "--relative",
            "--",
            ".",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut dates = HashMap::new();
    let mut current = "";
    for line in text.lines() {
        if let Some(date) = line.strip_prefix('@') {
            current = date;
        } else if !line.is_empty() {
            dates
                .entry(line.to_string())
                .or_insert_with(|| current.to_string());
        }
    }
    Some(dates)
}

/// Files git does not know (new, or no repository) get their mtime.
fn add_mtimes(dir: &Path, prefix: &str, dates: &mut HashMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            add_mtimes(&entry.path(), &format!("{rel}/"), dates);
        } else {
            dates.entry(rel).or_insert_with(|| {
                let seconds = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_secs());
                civil_date(seconds / 86_400)
            });
        }
    }
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (proleptic Gregorian).
pub fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(18_261), "2019-12-31");
        assert_eq!(civil_date(19_782), "2024-02-29");
    }
}
