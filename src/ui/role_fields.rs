//! For an IAM user's long-term keys: the role to assume, the session's length and name, and the MFA device and code — Connect turns the keys into temporary ones with them.

use leptos::prelude::*;

use super::setting_field::SettingField;
use super::state::{use_app, use_label};
use crate::core::messages::{session_length, Label};
use crate::core::settings::Field;
use crate::core::sts::{asked_session_secs, SESSION_LENGTHS};

#[component]
pub fn RoleFields() -> impl IntoView {
    let state = use_app();
    let t = use_label();
    let length = move || {
        state
            .prefs
            .settings
            .with(|s| asked_session_secs(&s.session_secs).to_string())
    };
    view! {
        <fieldset class="role-fields" aria-describedby="role-hint">
            <legend>{move || t(Label::RoleHeading)}</legend>
            <p id="role-hint" class="hint">{move || t(Label::RoleHint)}</p>
            <SettingField id="role-arn" label_text=Label::RoleArn get=|s| &s.role_arn set=|s, v| s.role_arn = v
                placeholder="arn:aws:iam::123456789012:role/NAME" lock=Field::RoleArn/>
            <div class="field">
                <label for="session-length">{move || t(Label::SessionLength)}</label>
                <select id="session-length" prop:value=length
                    on:change:target=move |ev| state.prefs.settings.update(|s| s.session_secs = ev.target().value())>
                    {SESSION_LENGTHS.into_iter().map(|secs| view! {
                        <option value=secs.to_string()>{move || session_length(state.prefs.lang.get(), secs)}</option>
                    }).collect_view()}
                </select>
            </div>
            <SettingField id="session-name" label_text=Label::SessionName get=|s| &s.session_name set=|s, v| s.session_name = v
                hint=Label::SessionNameHint/>
            <SettingField id="mfa-serial" label_text=Label::MfaSerial get=|s| &s.mfa_serial set=|s, v| s.mfa_serial = v
                placeholder="arn:aws:iam::123456789012:mfa/NAME"/>
            <div class="field">
                <label for="mfa-code">{move || t(Label::MfaCode)}</label>
                <input id="mfa-code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
                    bind:value=state.session.mfa_code/>
            </div>
            <Show when=move || state.session.assuming.get()>
                <p role="status">{move || t(Label::AskingSts)}</p>
            </Show>
        </fieldset>
    }
}
