//! The folder listing: a real table holding only the rows in view (the engine keeps the rest), sorted by its headers and walked with the keyboard.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

use super::listing_row::ListingRow;
use super::listing_toolbar::ListingToolbar;
use super::preview_box::PreviewBox;
use super::sort_header::SortHeader;
use super::state::{use_app, use_label, AppState, ListStatus};
use crate::core::engine::index::{Line, Rows};
use crate::core::fragment::{self, Place};
use crate::core::listing::parent;
use crate::core::messages::{
    go_to, label, listing_count, matching_count, no_match, outside_scope, scanned_count, Label,
};
use crate::core::order::SortBy;
use crate::core::scroll::{css_px, frame, reveal, rows_to_ask, spacers};
use crate::core::selection::{cursor_at, extend, Step};
use crate::web::location;

/// Every row's height in CSS pixels (`style/main.css` gives rows the same).
pub const ROW: f64 = 36.0;

#[component]
pub fn ListingTable() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    let status = move || state.place.browse.with(|b| b.status);
    let count_line = NodeRef::<leptos::html::P>::new();
    let start = move || {
        let bucket = state.place.browse.with(|b| {
            b.place
                .as_ref()
                .map(|p| p.bucket.clone())
                .unwrap_or_default()
        });
        Place::new(&bucket, &state.start_prefix())
    };
    let count = move || {
        let lang = state.prefs.lang.get();
        let (loaded, matching, status) = state
            .place
            .browse
            .with(|b| (b.window.loaded, b.window.matching, b.status));
        let filtered = state.place.filter.with(|f| !f.is_empty());
        let words = match state.place.recursive.get() {
            true => scanned_count,
            false => listing_count,
        };
        let count = match status {
            ListStatus::Loading => words(lang, loaded, false, false),
            ListStatus::Done => words(lang, loaded, true, false),
            ListStatus::Cancelled => words(lang, loaded, false, true),
            _ => return None,
        };
        Some(match filtered {
            true => format!("{count} · {}", matching_count(lang, matching, loaded)),
            false => count,
        })
    };

    // The part of the table in view, kept as the user scrolls and the window resizes.
    let scroller = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(ROW * 16.0);
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
            viewport.set(f64::from(el.client_height()).max(ROW));
        }
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // Measured each time the rows' box is drawn: after Forget it goes, and comes back with the
    // next keys (`on_load` runs once only, and panics when its element comes again).
    Effect::new(move |_| {
        if scroller.get().is_some() {
            request_animation_frame(measure);
        }
    });
    let matching = move || state.place.browse.with(|b| b.window.matching);
    let frame_now = move || frame(matching(), ROW, scroll_top.get(), viewport.get());
    // The window's rows, drawn in slots that stay while the window moves.
    let lines = Memo::new(move |_| state.place.browse.with(|b| b.window.lines.clone()));
    let first = Memo::new(move |_| state.place.browse.with(|b| b.window.first));

    // Asks the engine for the rows in view, a screen above and a screen below, whenever what
    // it sent last does not cover them (once per distinct ask while the answer is on its way).
    let asked = StoredValue::new(None::<(u64, usize, usize)>);
    Effect::new(move |_| {
        let held = lines.with(Vec::len);
        let Some((from, count)) = rows_to_ask(frame_now(), first.get(), held, matching()) else {
            return;
        };
        let Some(listing) = state.shown_listing() else {
            return;
        };
        let ask = (listing.0, from, count);
        if asked.get_value() != Some(ask) {
            asked.set_value(Some(ask));
            state.view(ask.1, ask.2);
        }
    });

    // Where the keyboard is: a place among the matching rows.
    let cursor = RwSignal::new(None::<usize>);
    let focus_wanted = StoredValue::new(false);
    // A new filter, sort or folder starts at the top; a folder opened (or left) from the
    // keyboard keeps the keyboard in the table, on its first row.
    let place = Memo::new(move |_| state.place.browse.with(|b| b.place.clone()));
    let keep_keyboard = StoredValue::new(false);
    Effect::new(move |_| {
        state.place.filter.track();
        state.place.recursive.track();
        place.track();
        let keep = keep_keyboard.get_value();
        keep_keyboard.set_value(false);
        focus_wanted.set_value(keep);
        cursor.set(keep.then_some(0));
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    });
    // The row the keyboard moved to takes the focus once the engine sent it and it is drawn
    // (not a row of the window before, still drawn in its slot while a new folder opens).
    Effect::new(move |_| {
        let Some(at) = cursor.get() else {
            return;
        };
        state.place.browse.track();
        let sent = at
            .checked_sub(first.get())
            .is_some_and(|i| i < lines.with(Vec::len));
        if !focus_wanted.get_value() || !sent {
            return;
        }
        let focus = move || {
            let row = scroller.get_untracked().and_then(|el| {
                el.query_selector(&format!("tr[data-pos=\"{at}\"]"))
                    .ok()
                    .flatten()
            });
            let row = row.and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(row) = &row {
                focus_wanted.set_value(false);
                let _ = row.focus();
            }
            row.is_some()
        };
        // At once when its slot is drawn (a move in the window); else after this turn's drawing
        // (the rows of a folder just opened).
        if !focus() {
            request_animation_frame(move || {
                focus();
            });
        }
    });
    let move_to = move |to: usize| {
        cursor.set(Some(to));
        focus_wanted.set_value(true);
        if let Some(el) = scroller.get_untracked() {
            let y = reveal(
                matching(),
                ROW,
                scroll_top.get_untracked(),
                viewport.get_untracked(),
                to,
            );
            if let Some(y) = y {
                el.set_scroll_top(y as i32);
                measure();
            }
        }
    };
    // The keys that act on the row with the cursor: Space selects it, P previews it, Enter
    // opens it (a folder) or downloads it.
    let on_row_key = move |ev: &KeyboardEvent, key: &str, on_row: bool, at: usize| match key {
        " " if on_row => {
            ev.prevent_default();
            if let Some(line) = line_at(state, at) {
                state.select(Rows::Ids(vec![line.id]), !line.selected);
            }
        }
        "p" | "P" if on_row && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() => {
            if let Some(line) = line_at(state, at).filter(Line::previewable) {
                ev.prevent_default();
                state.preview(&line);
            }
        }
        "Enter" if on_row => {
            ev.prevent_default();
            if let Some(line) = line_at(state, at) {
                keep_keyboard.set_value(line.folder);
                activate(state, line);
            }
        }
        _ => {}
    };
    // Where Shift + arrows began selecting.
    let shift_anchor = StoredValue::new(None::<usize>);
    let on_key = move |ev: KeyboardEvent| {
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
        let on_row = target.as_ref().is_some_and(|t| t.tag_name() == "TR");
        let total = matching();
        if total == 0 {
            return;
        }
        let at = cursor_at(cursor.get_untracked(), total);
        let page = frame_now().visible.saturating_sub(1).max(1);
        let key = ev.key();
        let to = match Step::of_key(&key, ev.alt_key()) {
            Some(step) => step.from(cursor.get_untracked(), total, page),
            None => return on_row_key(&ev, &key, on_row, at),
        };
        ev.prevent_default();
        if ev.shift_key() {
            let anchor = shift_anchor.get_value().unwrap_or(at);
            shift_anchor.set_value(Some(anchor));
            for (rows, on) in extend(anchor, at, to) {
                state.select(rows, on);
            }
        } else {
            shift_anchor.set_value(None);
        }
        move_to(to);
    };
    // Backspace (outside a text field) and Alt+↑ go to the folder above.
    let on_parent_key = move |ev: KeyboardEvent| {
        let in_field = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        let up = (ev.key() == "Backspace" && !in_field && !ev.alt_key() && !ev.ctrl_key())
            || (ev.key() == "ArrowUp" && ev.alt_key());
        if !up {
            return;
        }
        let place = state.place.browse.with_untracked(|b| b.place.clone());
        if let Some(place) = place {
            if let Some(prefix) = parent(&place.prefix) {
                ev.prevent_default();
                keep_keyboard.set_value(true);
                location::go(&Place { prefix, ..place });
            }
        }
    };

    let spacer = move || {
        spacers(
            frame_now(),
            ROW,
            scroll_top.get(),
            first.get(),
            lines.with(Vec::len),
        )
    };
    let slots = move || 0..lines.with(Vec::len);
    let empty = move || {
        let lang = state.prefs.lang.get();
        let (loaded, matching, status) = state
            .place
            .browse
            .with(|b| (b.window.loaded, b.window.matching, b.status));
        if status == ListStatus::Done && loaded == 0 {
            Some(label(lang, Label::EmptyFolder).to_owned())
        } else if loaded > 0 && matching == 0 {
            Some(no_match(lang, &state.place.filter.get()))
        } else {
            None
        }
    };

    view! {
        <div class="listing-area" on:keydown=on_parent_key>
            <div class="listing-status">
                <p role="status" aria-live="polite" id="listing-heading" tabindex="-1" node_ref=count_line>{count}</p>
                <Show when=move || status() == ListStatus::Loading>
                    <button type="button" class="secondary" on:click=move |_| {
                        state.cancel();
                        // The button goes away: keep the keyboard where the result is said.
                        if let Some(line) = count_line.get() {
                            let _ = line.focus();
                        }
                    }>{move || t(Label::Cancel)}</button>
                </Show>
                <p role="status" class="notice">{move || state.notice.get()}</p>
            </div>
            <Show when=move || status() == ListStatus::Idle>
                <p class="hint">{move || t(Label::StartHint)}</p>
            </Show>
            <Show when=move || status() == ListStatus::OutsideScope>
                <p class="scope-note">
                    {move || outside_scope(state.prefs.lang.get(), &start().prefix)} " "
                    <a href=move || fragment::format(&start())>{move || go_to(state.prefs.lang.get(), &start().prefix)}</a>
                </p>
            </Show>
            <Show when=move || state.place.browse.with(|b| b.place.is_some() && b.status != ListStatus::Idle)>
                <ListingToolbar/>
                <PreviewBox/>
                // Not a tab stop of its own (Firefox makes a scrolling box one): the rows are.
                <div class="rows" tabindex="-1" node_ref=scroller on:scroll=move |_| measure() on:keydown=on_key>
                    <table class="listing" aria-rowcount=move || matching() + 1 data-sort=move || state.place.browse.with(|b| b.window.sort.token())>
                        <caption class="visually-hidden">{move || state.place.browse.with(|b| b.place.as_ref().map(|p| format!("{}/{}", p.bucket, p.prefix)))}</caption>
                        <thead>
                            <tr aria-rowindex="1">
                                <th scope="col" class="pick"><span class="visually-hidden">{move || t(Label::SelectAll)}</span></th>
                                <SortHeader by=SortBy::Name text=Label::Name/>
                                <SortHeader by=SortBy::Size text=Label::Size/>
                                <SortHeader by=SortBy::Date text=Label::LastModified/>
                                <th scope="col" class="act"><span class="visually-hidden">{move || t(Label::DownloadColumn)}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <tr class="spacer" aria-hidden="true"><td colspan="5" style:height=move || css_px(spacer().0)></td></tr>
                            <For each=slots key=|at| *at let:at>
                                <ListingRow at=at lines=lines first=first cursor=cursor/>
                            </For>
                            <tr class="spacer" aria-hidden="true"><td colspan="5" style:height=move || css_px(spacer().1)></td></tr>
                        </tbody>
                    </table>
                    {move || empty().map(|text| view! { <p class="empty">{text}</p> })}
                </div>
            </Show>
        </div>
    }
}

/// The row at `at` among the matching rows, if the engine sent it.
pub fn line_at(state: AppState, at: usize) -> Option<Line> {
    state.place.browse.with_untracked(|b| {
        at.checked_sub(b.window.first)
            .and_then(|i| b.window.lines.get(i).cloned())
    })
}

/// Enter on a row: a folder opens, a file downloads.
pub fn activate(state: AppState, line: Line) {
    if line.folder {
        if let Some(place) = state.place.browse.with_untracked(|b| b.place.clone()) {
            location::go(&Place {
                prefix: line.key,
                ..place
            });
        }
    } else {
        state.download(line.key, line.size);
    }
}
