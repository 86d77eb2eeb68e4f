//! Where a virtualised table's rows go: which rows a scroll position shows, the spacers around them, and the position that shows a row — scaled past the browser's layout limit.
//!
//! Rows have one fixed height. Up to [`MAX_CONTENT`] pixels the table is as tall as its rows;
//! beyond (a million rows of 34 px are 34 M px, past Chromium's ~33.5 M px), the content stays
//! [`MAX_CONTENT`] tall and the scroll position maps linearly onto the rows, so any count
//! scrolls end to end. The rows drawn are always real-sized and sit where the viewport is.

/// The tallest the scrolled content gets, in CSS pixels (well under every browser's limit).
pub const MAX_CONTENT: f64 = 8_000_000.0;

/// What one scroll position shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The height of all the content (spacers and rows).
    pub content: f64,
    /// The first row at least partly in view.
    pub first: usize,
    /// How many rows fill the viewport.
    pub visible: usize,
}

/// The frame `scroll_top` shows of `total` rows `row` pixels high in a `viewport` pixels tall.
pub fn frame(total: usize, row: f64, scroll_top: f64, viewport: f64) -> Frame {
    let visible = ((viewport / row).ceil() as usize).max(1);
    let natural = total as f64 * row;
    if natural <= MAX_CONTENT {
        let first = ((scroll_top.max(0.0) / row) as usize).min(total.saturating_sub(1));
        return Frame {
            content: natural,
            first,
            visible,
        };
    }
    let range = (MAX_CONTENT - viewport).max(1.0);
    let fraction = (scroll_top / range).clamp(0.0, 1.0);
    let last_first = total.saturating_sub(visible);
    Frame {
        content: MAX_CONTENT,
        first: (fraction * last_first as f64).round() as usize,
        visible,
    }
}

/// A spacer's height for CSS, in whole pixels: the page formats no floating-point number
/// (`f64`'s formatter alone is ~10 KB of the page's wasm), and half a pixel is not seen.
pub fn css_px(px: f64) -> String {
    format!("{}px", px.round().max(0.0) as u64)
}

/// The rows to ask the engine for (first, count) when the `held` rows from `first_held` do not
/// cover the frame among `matching` rows: a screen above, the screen, and a screen below; `None`
/// while they do.
pub fn rows_to_ask(
    frame: Frame,
    first_held: usize,
    held: usize,
    matching: usize,
) -> Option<(usize, usize)> {
    let end = (frame.first + frame.visible).min(matching);
    let covered = frame.first >= first_held && end <= first_held + held;
    if covered && (held > 0 || matching == 0) {
        return None;
    }
    Some((frame.first.saturating_sub(frame.visible), frame.visible * 3))
}

/// The heights of the spacers above and below `drawn` rows starting at row `from`, so that the
/// frame's first row sits at the top of the viewport.
pub fn spacers(frame: Frame, row: f64, scroll_top: f64, from: usize, drawn: usize) -> (f64, f64) {
    let natural = frame.content < MAX_CONTENT;
    let top = if natural {
        from as f64 * row
    } else {
        scroll_top - (frame.first as f64 - from as f64) * row
    };
    let top = top.clamp(0.0, (frame.content - drawn as f64 * row).max(0.0));
    let bottom = (frame.content - top - drawn as f64 * row).max(0.0);
    (top, bottom)
}

/// The scroll position that brings row `index` into view, moving as little as possible from
/// `scroll_top` (`None`: it is in view already).
pub fn reveal(total: usize, row: f64, scroll_top: f64, viewport: f64, index: usize) -> Option<f64> {
    let now = frame(total, row, scroll_top, viewport);
    let natural = now.content < MAX_CONTENT;
    if natural {
        let top = index as f64 * row;
        if top < scroll_top {
            return Some(top);
        }
        if top + row > scroll_top + viewport {
            return Some(top + row - viewport);
        }
        return None;
    }
    // Scaled: only whole frames; the row goes to the top (or stays if in view).
    let whole = now.visible.saturating_sub(1);
    if index >= now.first && index < now.first + whole {
        return None;
    }
    let last_first = total.saturating_sub(now.visible).max(1);
    let first = index.min(last_first);
    Some(first as f64 / last_first as f64 * (MAX_CONTENT - viewport))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_asked_for_a_screen_around_the_view_only_when_missing() {
        let at = |first| Frame {
            content: 0.0,
            first,
            visible: 10,
        };
        // Nothing held yet: the first screens.
        assert_eq!(rows_to_ask(at(0), 0, 0, 500), Some((0, 30)));
        // Rows 0..30 held cover 0..10 and 15..25, not 25..35.
        assert_eq!(rows_to_ask(at(0), 0, 30, 500), None);
        assert_eq!(rows_to_ask(at(15), 0, 30, 500), None);
        assert_eq!(rows_to_ask(at(25), 0, 30, 500), Some((15, 30)));
        // Scrolled back above what is held.
        assert_eq!(rows_to_ask(at(5), 10, 30, 500), Some((0, 30)));
        // The last rows: the view ends at the list's end.
        assert_eq!(rows_to_ask(at(495), 480, 20, 500), None);
        // An empty list needs nothing; a list whose rows have not come yet does.
        assert_eq!(rows_to_ask(at(0), 0, 0, 0), None);
    }

    #[test]
    fn a_short_table_is_as_tall_as_its_rows() {
        let f = frame(100, 34.0, 340.0, 680.0);
        assert_eq!(
            f,
            Frame {
                content: 3400.0,
                first: 10,
                visible: 20
            }
        );
        assert_eq!(
            spacers(f, 34.0, 340.0, 5, 40),
            (170.0, 3400.0 - 170.0 - 1360.0)
        );
        assert_eq!(reveal(100, 34.0, 340.0, 680.0, 15), None);
        assert_eq!(reveal(100, 34.0, 340.0, 680.0, 2), Some(68.0));
        assert_eq!(
            reveal(100, 34.0, 340.0, 680.0, 40),
            Some(41.0 * 34.0 - 680.0)
        );
    }

    #[test]
    fn a_million_rows_scroll_end_to_end_within_the_limit() {
        let (total, row, viewport) = (1_000_000, 34.0, 680.0);
        let top = frame(total, row, 0.0, viewport);
        assert_eq!((top.content, top.first), (MAX_CONTENT, 0));
        let end = MAX_CONTENT - viewport;
        let bottom = frame(total, row, end, viewport);
        assert_eq!(
            bottom.first,
            total - bottom.visible,
            "the last row can be reached"
        );
        // The rows drawn sit in the viewport and the spacers fill the rest.
        let from = bottom.first - 20;
        let drawn = total - from;
        let (above, below) = spacers(bottom, row, end, from, drawn);
        assert_eq!(above, end - 20.0 * row);
        assert!((above + drawn as f64 * row + below - MAX_CONTENT).abs() < 1e-6);
        let middle = frame(total, row, end / 2.0, viewport);
        assert!(middle.first.abs_diff(total / 2) < 20);
        // Revealing a row far away moves the frame so it is the first in view.
        let at = reveal(total, row, 0.0, viewport, 700_000).unwrap();
        assert_eq!(frame(total, row, at, viewport).first, 700_000);
        assert_eq!(reveal(total, row, at, viewport, 700_005), None);
    }

    #[test]
    fn no_rows_and_odd_positions_do_not_break() {
        let f = frame(0, 34.0, 50.0, 680.0);
        assert_eq!((f.content, f.first), (0.0, 0));
        assert_eq!(spacers(f, 34.0, 50.0, 0, 0), (0.0, 0.0));
        assert_eq!(frame(10, 34.0, -20.0, 680.0).first, 0);
        assert_eq!(frame(10, 34.0, 1e9, 680.0).first, 9);
    }

    #[test]
    fn spacer_heights_are_whole_pixels() {
        assert_eq!(css_px(0.0), "0px");
        assert_eq!(css_px(7_999_963.6), "7999964px");
        assert_eq!(css_px(-0.4), "0px");
    }
}
