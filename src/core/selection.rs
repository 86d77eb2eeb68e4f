//! What Shift + arrows do to the selection: the rows from where Shift went down to the cursor are selected, and rows the cursor leaves behind on its way back are unselected.

use std::cmp::Ordering;

use crate::core::engine::index::Rows;

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
