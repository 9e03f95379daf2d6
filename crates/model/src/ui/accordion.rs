//! The accordion's state: which item is open (one at a time, the first at
//! start) and where arrow keys move the focus (WAI-ARIA accordion pattern).

/// Open item of an accordion of `count` items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accordion {
    count: usize,
    open: Option<usize>,
}

impl Accordion {
    /// A new accordion with its first item open.
    pub fn new(count: usize) -> Self {
        Self {
            count,
            open: (count > 0).then_some(0),
        }
    }

    /// The open item, if any.
    pub fn open(&self) -> Option<usize> {
        self.open
    }

    /// Whether item `index` is open.
    pub fn is_open(&self, index: usize) -> bool {
        self.open == Some(index)
    }

    /// Opens item `index` (closing the other), or closes it if it was open.
    pub fn toggle(&mut self, index: usize) {
        if index < self.count {
            self.open = if self.is_open(index) {
                None
            } else {
                Some(index)
            };
        }
    }
}

/// Where a key press moves the focus from title `current`, if anywhere.
/// Down and Up wrap around; Home and End go to the first and last title.
pub fn focus_target(key: &str, current: usize, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match key {
        "ArrowDown" => Some((current + 1) % count),
        "ArrowUp" => Some((current + count - 1) % count),
        "Home" => Some(0),
        "End" => Some(count - 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_open_at_a_time_first_at_start() {
        let mut a = Accordion::new(7);
        assert_eq!(a.open(), Some(0));
        a.toggle(3);
        assert!(a.is_open(3) && !a.is_open(0));
        a.toggle(3);
        assert_eq!(a.open(), None);
        a.toggle(9);
        assert_eq!(a.open(), None);
        assert_eq!(Accordion::new(0).open(), None);
    }

    #[test]
    fn keys_table() {
        let cases = [
            ("ArrowDown", 0, Some(1)),
            ("ArrowDown", 6, Some(0)),
            ("ArrowUp", 0, Some(6)),
            ("ArrowUp", 3, Some(2)),
            ("Home", 4, Some(0)),
            ("End", 1, Some(6)),
            ("Enter", 1, None),
            ("a", 1, None),
        ];
        for (key, current, expected) in cases {
            assert_eq!(
                focus_target(key, current, 7),
                expected,
                "{key} from {current}"
            );
        }
        assert_eq!(focus_target("ArrowDown", 0, 0), None);
    }
}
