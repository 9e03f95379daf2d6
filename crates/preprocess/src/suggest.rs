//! The closest of a list of names to one that names nothing, for `did you
//! mean …?` hints: edit distance (Levenshtein, in characters, ignoring
//! case), and only a close one counts, at most a third of the longer last
//! path segment (`/it/lavora-con-no` is close to `/it/lavora-con-noi`,
//! `/it/projects/daf.htm` is close to nothing under `/it/projects/`).
//!
//! A broken link on a 30,000-page site is compared with every URL, so the
//! candidates are prepared once ([`Candidates::new`]) and the distance is
//! bounded: a comparison stops as soon as the bound cannot be met.

/// One name, prepared for comparisons.
#[derive(Debug, Clone)]
struct Candidate<'a> {
    /// As written, for the hint.
    shown: &'a str,
    /// Lower-cased, as characters.
    key: Vec<char>,
    /// Characters in its last path segment.
    tail: usize,
}

/// The names a hint may give, in order: the first of equally close ones
/// wins.
#[derive(Debug, Clone, Default)]
pub struct Candidates<'a> {
    list: Vec<Candidate<'a>>,
}

impl<'a> Candidates<'a> {
    /// Prepares `names`, keeping their order.
    pub fn new(names: impl Iterator<Item = &'a str>) -> Self {
        let list = names
            .map(|shown| {
                let lower = shown.to_lowercase();
                Candidate {
                    shown,
                    tail: last_segment_len(&lower),
                    key: lower.chars().collect(),
                }
            })
            .collect();
        Self { list }
    }

    /// The candidate closest to `wanted`, other than `wanted` itself, if
    /// one is close enough.
    pub fn closest(&self, wanted: &str) -> Option<&'a str> {
        let lower = wanted.to_lowercase();
        let key: Vec<char> = lower.chars().collect();
        let tail = last_segment_len(&lower);
        let mut best: Option<(usize, &'a str)> = None;
        for candidate in self.list.iter().filter(|c| c.shown != wanted) {
            let mut bound = candidate.tail.max(tail) / 3;
            if let Some((distance, _)) = best {
                if distance == 0 {
                    break;
                }
                // Only a strictly closer one replaces the best so far.
                bound = bound.min(distance - 1);
            }
            if let Some(distance) = distance_within(&key, &candidate.key, bound) {
                best = Some((distance, candidate.shown));
            }
        }
        best.map(|(_, shown)| shown)
    }
}

/// Characters in the last segment of a path (after a final slash is
/// dropped); the whole text when it has no slash.
fn last_segment_len(path: &str) -> usize {
    let path = path.trim_end_matches('/');
    path.rsplit('/').next().unwrap_or(path).chars().count()
}

/// The edit distance of `a` and `b` when it is at most `bound`.
pub fn distance_within(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    // A common beginning and end do not change the distance.
    let same_start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[same_start..], &b[same_start..]);
    let same_end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - same_end], &b[..b.len() - same_end]);
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let replace = previous[j] + usize::from(x != y);
            current[j + 1] = replace.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        // No later row is below this one's smallest value.
        if current.iter().min().is_some_and(|m| *m > bound) {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= bound).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn bounded_distance_is_the_edit_distance() {
        let cases = [
            ("", "", 0),
            ("", "abc", 3),
            ("kitten", "sitting", 3),
            ("flaw", "lawn", 2),
            ("caffè", "caffe", 1),
            ("/it/lavora-con-no", "/it/lavora-con-noi", 1),
            ("abcdef", "azcdyf", 2),
            ("intention", "execution", 5),
        ];
        for (a, b, expected) in cases {
            let (a, b) = (chars(a), chars(b));
            assert_eq!(distance_within(&a, &b, 99), Some(expected), "{a:?} {b:?}");
            assert_eq!(distance_within(&b, &a, 99), Some(expected), "{b:?} {a:?}");
            assert_eq!(distance_within(&a, &b, expected), Some(expected));
            if expected > 0 {
                assert_eq!(distance_within(&a, &b, expected - 1), None);
            }
        }
    }

    #[test]
    fn suggests_only_close_candidates() {
        let candidates = Candidates::new(
            [
                "/en/join-us",
                "/it/lavora-con-noi",
                "/it/projects",
                "/it/projects/cittadinanza-digitale.htm",
            ]
            .into_iter(),
        );
        let cases = [
            ("/it/lavora-con-no", Some("/it/lavora-con-noi")),
            ("/it/lavoraconnoi", Some("/it/lavora-con-noi")),
            ("/it/project", Some("/it/projects")),
            ("/it/xyz", None),
            ("/it/lavora-con-noi", None),
            ("/IT/Lavora-Con-Noi", Some("/it/lavora-con-noi")),
            ("/en/lavora-con-noi", Some("/it/lavora-con-noi")),
            ("/it/projects/pagamenti-digitali.htm", None),
            ("/it/projects/", Some("/it/projects")),
        ];
        for (wanted, expected) in cases {
            assert_eq!(candidates.closest(wanted), expected, "{wanted}");
        }
        let short = Candidates::new(["b"].into_iter());
        assert_eq!(short.closest("a"), None, "too short to guess");
        let ids = Candidates::new(["contatti", "contatta"].into_iter());
        assert_eq!(
            ids.closest("contatto"),
            Some("contatti"),
            "the first of equals"
        );
        assert_eq!(ids.closest("Contatta"), Some("contatta"), "case only");
    }
}
