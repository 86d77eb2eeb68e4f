//! The keyboard in the listing: where each key moves the cursor among the rows, and what Shift + arrows do to the selection (the rows from where Shift went down to the cursor are selected, and rows the cursor leaves behind on its way back are unselected).

use std::cmp::Ordering;

use crate::core::engine::index::Rows;

/// The row the cursor is on among `total` rows: where it was (the first row before any), brought
/// back within them when a filter hid rows.
pub fn cursor_at(cursor: Option<usize>, total: usize) -> usize {
    cursor.unwrap_or(0).min(total.saturating_sub(1))
}

/// A move of the cursor among the rows shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Down,
    Up,
    PageDown,
    PageUp,
    Home,
    End,
}

impl Step {
    /// The move a key makes; none for Alt + ↑ (the folder above) or any other key.
    pub fn of_key(key: &str, alt: bool) -> Option<Step> {
        Some(match key {
            "ArrowUp" if alt => return None,
            "ArrowDown" => Step::Down,
            "ArrowUp" => Step::Up,
            "PageDown" => Step::PageDown,
            "PageUp" => Step::PageUp,
            "Home" => Step::Home,
            "End" => Step::End,
            _ => return None,
        })
    }

    /// Where the cursor lands among `total` rows (at least one), a screen being `page` rows: it
    /// stays within them, and ↓ before any row had the cursor lands on the first.
    pub fn from(self, cursor: Option<usize>, total: usize, page: usize) -> usize {
        let last = total.saturating_sub(1);
        let at = cursor_at(cursor, total);
        match (self, cursor) {
            (Step::Down, None) => 0,
            (Step::Down, _) => (at + 1).min(last),
            (Step::Up, _) => at.saturating_sub(1),
            (Step::PageDown, _) => at.saturating_add(page).min(last),
            (Step::PageUp, _) => at.saturating_sub(page),
            (Step::Home, _) => 0,
            (Step::End, _) => last,
        }
    }
}

/// The selection changes for the cursor moving from `from` to `to` with Shift held, the range
/// having begun at `anchor` (places among the rows shown): each is a span and whether it is
/// selected.
pub fn extend(anchor: usize, from: usize, to: usize) -> Vec<(Rows, bool)> {
    let side = |at: usize| at.cmp(&anchor);
    let mut changes = Vec::new();
    // Rows between the anchor and `from` that are no longer between the anchor and `to`.
    match (side(from), side(to)) {
        (Ordering::Greater, _) if to < from => {
            let keep_to = to.max(anchor);
            changes.push((Rows::Span(keep_to + 1, from), false));
        }
        (Ordering::Less, _) if to > from => {
            let keep_to = to.min(anchor);
            changes.push((Rows::Span(from, keep_to - 1), false));
        }
        _ => {}
    }
    changes.push((Rows::Span(anchor, to), true));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_the_cursor_and_never_past_the_rows() {
        let to = |key, cursor, total| Step::of_key(key, false).unwrap().from(cursor, total, 10);
        assert_eq!(
            to("ArrowDown", None, 5),
            0,
            "the first ↓ lands on the first row"
        );
        assert_eq!(to("ArrowDown", Some(0), 5), 1);
        assert_eq!(to("ArrowDown", Some(4), 5), 4);
        assert_eq!(to("ArrowUp", Some(0), 5), 0);
        assert_eq!(to("PageDown", Some(2), 50), 12);
        assert_eq!(to("PageDown", Some(45), 50), 49);
        assert_eq!(to("PageUp", Some(5), 50), 0);
        assert_eq!(to("End", None, 50), 49);
        assert_eq!(to("Home", Some(30), 50), 0);
        // A cursor left beyond rows a new filter hid comes back within them.
        assert_eq!(to("ArrowUp", Some(90), 5), 3);
        assert_eq!(
            Step::of_key("ArrowUp", true),
            None,
            "Alt + ↑ is the folder above"
        );
        assert_eq!(Step::of_key("Enter", false), None);
    }

    /// The rows selected after applying `changes` to `selected`.
    fn apply(mut selected: Vec<bool>, changes: Vec<(Rows, bool)>) -> Vec<bool> {
        for (rows, on) in changes {
            let Rows::Span(a, b) = rows else { panic!() };
            selected[a.min(b)..=a.max(b)].fill(on);
        }
        selected
    }

    fn picked(selected: &[bool]) -> Vec<usize> {
        (0..selected.len()).filter(|&i| selected[i]).collect()
    }

    #[test]
    fn shift_down_extends_and_shift_up_takes_back() {
        let mut s = vec![false; 10];
        s = apply(s, extend(3, 3, 4));
        s = apply(s, extend(3, 4, 5));
        assert_eq!(picked(&s), [3, 4, 5]);
        s = apply(s, extend(3, 5, 4));
        assert_eq!(picked(&s), [3, 4]);
        // Past the anchor the other way: the rows below it go, those above come.
        s = apply(s, extend(3, 4, 1));
        assert_eq!(picked(&s), [1, 2, 3]);
        s = apply(s, extend(3, 1, 2));
        assert_eq!(picked(&s), [2, 3]);
        // A jump (Shift+End) selects all the way.
        s = apply(s, extend(3, 2, 9));
        assert_eq!(picked(&s), [3, 4, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn rows_selected_before_shift_stay_where_the_range_never_went() {
        let mut s = vec![false; 6];
        s[0] = true;
        s = apply(s, extend(2, 2, 4));
        s = apply(s, extend(2, 4, 2));
        assert_eq!(picked(&s), [0, 2]);
    }
}
