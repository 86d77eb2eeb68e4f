//! Check setup (`#/check`): runs the check with the keys and bucket filled in, shows a verdict a line with its fix (and the CORS rule when it is missing), copies the report without keys, and makes an invite link (bucket, folder, region — never keys).

use leptos::prelude::*;

use super::state::{use_app, use_label};
use crate::core::check_report::{self, Page};
use crate::core::fragment::{self, Invite, Place};
use crate::core::messages::{copied_label, invite_without_endpoint, Label};
use crate::web::clipboard;
use crate::web::clock::local_clock;

#[component]
pub fn CheckView() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    let window = web_sys::window();
    let secure = window.as_ref().is_some_and(|w| w.is_secure_context());
    let origin = window
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let copied = RwSignal::new(None::<Label>);
    let report_box = NodeRef::<leptos::html::Textarea>::new();
    // The verdicts in the language shown, once the check is done.
    let lines = Memo::new(move |_| {
        let lang = state.prefs.lang.get();
        state.place.check.with(|check| {
            let check = check.as_ref()?;
            let findings = check.findings.as_ref()?;
            let clock = |at| local_clock(at, lang.tag());
            let page = Page {
                secure,
                origin: &origin,
                bucket: &check.bucket,
                prefix: &check.prefix,
                now: state.now.get_untracked(),
                clock: &clock,
            };
            Some(check_report::lines(lang, findings, &page))
        })
    });
    let report = move || {
        lines
            .get()
            .map(|lines| check_report::text(t(Label::CheckSetup), &lines))
            .unwrap_or_default()
    };
    let running = move || {
        state
            .place
            .check
            .with(|c| c.as_ref().is_some_and(|c| c.findings.is_none()))
    };
    let copy = move |_| {
        clipboard::copy(&report(), move |done| {
            if let Some(area) = report_box.get_untracked().filter(|_| !done) {
                area.select();
            }
            copied.set(Some(copied_label(done)));
        });
    };
    // The invite: this page's address with the fields filled in (an endpoint only where
    // config.json lets a link set it).
    let page_url = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let invite = Memo::new(move |_| {
        let site = state.prefs.site.get().unwrap_or_default();
        let (invite, left_out) = state.prefs.settings.with(|s| Invite::of(s, &site));
        (
            format!("{page_url}{}", fragment::format_invite(&invite)),
            left_out,
        )
    });
    let invite_copied = RwSignal::new(None::<Label>);
    let invite_box = NodeRef::<leptos::html::Input>::new();
    let copy_invite = move |_| {
        clipboard::copy(&invite.get_untracked().0, move |done| {
            if let Some(input) = invite_box.get_untracked().filter(|_| !done) {
                input.select();
            }
            invite_copied.set(Some(copied_label(done)));
        });
    };
    // Back to the folder of the bucket filled in (or to the start).
    let back = move || {
        state.prefs.settings.with(|s| {
            let place = Place::new(s.bucket.trim(), "");
            match fragment::format(&place) {
                f if f.is_empty() => "#".to_owned(),
                f => f,
            }
        })
    };
    view! {
        <section class="check-view" aria-labelledby="check-heading">
            <h2 id="check-heading">{move || t(Label::CheckSetup)}</h2>
            <p class="hint">{move || t(Label::CheckIntro)}</p>
            <div class="row">
                <button type="button" on:click=move |_| {
                    copied.set(None);
                    state.run_check();
                } disabled=running>{move || t(Label::RunCheck)}</button>
                <a href=back>{move || t(Label::BackToFiles)}</a>
            </div>
            <div class="field">
                <label for="invite-link">{move || t(Label::InviteLink)}</label>
                <input id="invite-link" type="text" readonly node_ref=invite_box
                    aria-describedby="invite-hint" prop:value=move || invite.get().0/>
                <small id="invite-hint" class="hint">
                    {move || t(Label::InviteHint)}
                    {move || invite.get().1.map(|e| format!(" {}", invite_without_endpoint(state.prefs.lang.get(), &e)))}
                </small>
            </div>
            <div class="row">
                <button type="button" class="secondary" on:click=copy_invite>{move || t(Label::Copy)}</button>
                <span role="status">{move || invite_copied.get().map(t)}</span>
            </div>
            <Show when=running>
                <p role="status">{move || t(Label::Checking)}</p>
            </Show>
            {move || lines.get().map(|lines| view! {
                <ul class="check-lines" aria-live="polite">
                    {lines.into_iter().map(|line| view! {
                        <li data-mark=line.mark.key()>
                            <span class="mark" aria-hidden="true">{match line.mark.key() {
                                "OK" => "✓",
                                "NOTE" => "!",
                                _ => "✗",
                            }}</span>
                            <span class="visually-hidden">{line.mark.key()}": "</span>
                            <span>{line.text}</span>
                            {line.fix.map(|fix| view! { <p class="fix">{fix}</p> })}
                            {line.rule.map(|rule| view! { <pre class="cors-rule" tabindex="0">{rule}</pre> })}
                        </li>
                    }).collect_view()}
                </ul>
                <div class="field">
                    <label for="check-report">{move || t(Label::ReportText)}</label>
                    <textarea id="check-report" rows="8" readonly node_ref=report_box prop:value=report></textarea>
                </div>
                <div class="row">
                    <button type="button" class="secondary" on:click=copy>{move || t(Label::CopyReport)}</button>
                    <span role="status">{move || copied.get().map(t)}</span>
                </div>
            })}
        </section>
    }
}
