//! Scam pages: what a saved page shows (phone numbers, brands) and which browser-locker
//! tricks its markup and scripts use, found without running anything.
//!
//! The page is tokenized by [`crate::html`]; visible text goes through the text signals and
//! through `dragnet-extract` (phone numbers, domains…), `tel:` links are read too. Scripts
//! (bodies and inline handlers) and styles are matched against the trick table below.
//! Each trick is a named, weighted pattern; the page score is the noisy-or of the trick
//! weights, the text score and 0.3 when a phone number is shown beside a brand name.
//!
//! | trick | what is looked for |
//! | --- | --- |
//! | `fullscreen` | `requestFullscreen` and vendor variants |
//! | `beforeunload_trap` | `onbeforeunload`, `addEventListener('beforeunload'` |
//! | `history_flood` | `history.pushState` twice or more, or inside a loop/timer |
//! | `alarm_audio` | `<audio autoplay>`/`loop`, `new Audio(`, `.play()`, alarm/beep/siren sound files |
//! | `alert_loop` | `alert(`/`confirm(`/`prompt(` inside a loop/timer or three and more |
//! | `right_click_disabled` | `oncontextmenu`, `'contextmenu'` listeners |
//! | `keyboard_trap` | key handlers with `preventDefault`, key codes 27/123 (Esc/F12), `keyboard.lock` |
//! | `pointer_lock` | `requestPointerLock` |
//! | `cursor_hidden` | `cursor: none` |
//! | `window_flood` | `window.open` inside a loop/timer or three and more |
//! | `fake_system_imagery` | images or classes named like blue screens, Defender, virus scans |
//! | `fake_scan_wording` | the text signals `fake_scan_result`, `device_infected`, `device_locked`, `fake_error_code` |

use std::sync::LazyLock;

use dragnet_core::{Indicator, IndicatorType};
use regex::Regex;

use crate::html::{Document, tokenize};
use crate::lang::{Lang, Text4};
use crate::text::{TextAnalysis, TextScanner, round2};

/// A browser-locker trick found on a page.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Trick {
    pub code: String,
    pub weight: f32,
    pub explanation: String,
    /// What in the page showed it (a script fragment, a tag).
    pub evidence: String,
}

/// What [`analyse_page`](crate::analyse_page) found.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct PageAnalysis {
    pub title: String,
    /// Brands named in the visible text or title.
    pub brands: Vec<String>,
    /// Phone numbers shown (E.164), including `tel:` links.
    pub phones: Vec<String>,
    /// Every indicator found in the visible text and links, normalised.
    pub indicators: Vec<Indicator>,
    pub tricks: Vec<Trick>,
    /// Scam-language signals of the visible text.
    pub text: TextAnalysis,
    /// 0..1.
    pub score: f32,
}

struct TrickDef {
    code: &'static str,
    weight: f32,
    explanation: Text4,
}

const TRICKS: &[TrickDef] = &[
    TrickDef {
        code: "fullscreen",
        weight: 0.35,
        explanation: [
            "Forces the browser into full screen so the page looks like your whole computer is locked. Press Esc, or Ctrl+Alt+Del / Cmd+Option+Esc and close the browser.",
            "Schaltet den Browser in den Vollbildmodus, damit der ganze Computer gesperrt wirkt. Drücken Sie Esc oder Strg+Alt+Entf und schließen Sie den Browser.",
            "Pone el navegador en pantalla completa para que parezca que todo el ordenador está bloqueado. Pulse Esc o Ctrl+Alt+Supr y cierre el navegador.",
            "Passe le navigateur en plein écran pour faire croire que tout l'ordinateur est bloqué. Appuyez sur Échap ou Ctrl+Alt+Suppr et fermez le navigateur.",
        ],
    },
    TrickDef {
        code: "beforeunload_trap",
        weight: 0.25,
        explanation: [
            "Asks 'Leave this page?' when you try to close it, to keep you there. You can safely leave.",
            "Fragt beim Schließen 'Seite verlassen?', um Sie festzuhalten. Sie können die Seite gefahrlos verlassen.",
            "Pregunta '¿Salir de esta página?' al cerrarla para retenerle. Puede salir sin peligro.",
            "Demande « Quitter cette page ? » quand vous la fermez, pour vous retenir. Vous pouvez la quitter sans danger.",
        ],
    },
    TrickDef {
        code: "history_flood",
        weight: 0.3,
        explanation: [
            "Fills the browser history so the Back button does not get you out.",
            "Füllt den Browserverlauf, damit die Zurück-Taste nicht hinausführt.",
            "Llena el historial para que el botón Atrás no le saque de la página.",
            "Remplit l'historique pour que le bouton Retour ne vous fasse pas sortir.",
        ],
    },
    TrickDef {
        code: "alarm_audio",
        weight: 0.3,
        explanation: [
            "Plays an alarm or recorded warning by itself to frighten you. Real security software does not talk to you through a web page.",
            "Spielt von selbst einen Alarm oder eine Warnansage ab, um Sie zu erschrecken. Echte Sicherheitssoftware spricht nicht über eine Webseite.",
            "Reproduce sola una alarma o aviso grabado para asustarle. El software de seguridad real no habla desde una página web.",
            "Joue tout seul une alarme ou un message enregistré pour vous effrayer. Un vrai logiciel de sécurité ne parle pas depuis une page web.",
        ],
    },
    TrickDef {
        code: "alert_loop",
        weight: 0.3,
        explanation: [
            "Opens warning dialogs again and again so you cannot close the page.",
            "Öffnet immer wieder Warnfenster, damit Sie die Seite nicht schließen können.",
            "Abre avisos una y otra vez para que no pueda cerrar la página.",
            "Ouvre des alertes en boucle pour vous empêcher de fermer la page.",
        ],
    },
    TrickDef {
        code: "right_click_disabled",
        weight: 0.15,
        explanation: [
            "Disables right-click so the page is harder to inspect or close.",
            "Sperrt die rechte Maustaste, damit die Seite schwerer zu prüfen oder zu schließen ist.",
            "Desactiva el clic derecho para dificultar examinar o cerrar la página.",
            "Désactive le clic droit pour rendre la page plus difficile à examiner ou fermer.",
        ],
    },
    TrickDef {
        code: "keyboard_trap",
        weight: 0.25,
        explanation: [
            "Captures keys such as Esc or F12 so you cannot leave full screen or close the page.",
            "Fängt Tasten wie Esc oder F12 ab, damit Sie Vollbild oder Seite nicht verlassen können.",
            "Captura teclas como Esc o F12 para que no pueda salir de la pantalla completa.",
            "Intercepte des touches comme Échap ou F12 pour vous empêcher de quitter le plein écran.",
        ],
    },
    TrickDef {
        code: "pointer_lock",
        weight: 0.2,
        explanation: [
            "Captures the mouse pointer so you cannot reach the browser's controls.",
            "Fängt den Mauszeiger ein, damit Sie die Bedienelemente des Browsers nicht erreichen.",
            "Captura el puntero del ratón para que no alcance los controles del navegador.",
            "Capture le pointeur de la souris pour vous empêcher d'atteindre les commandes du navigateur.",
        ],
    },
    TrickDef {
        code: "cursor_hidden",
        weight: 0.15,
        explanation: [
            "Hides the mouse pointer so the computer seems frozen.",
            "Versteckt den Mauszeiger, damit der Computer eingefroren wirkt.",
            "Oculta el puntero del ratón para que el ordenador parezca bloqueado.",
            "Cache le pointeur de la souris pour faire croire que l'ordinateur est figé.",
        ],
    },
    TrickDef {
        code: "window_flood",
        weight: 0.25,
        explanation: [
            "Opens window after window to overwhelm you.",
            "Öffnet ein Fenster nach dem anderen, um Sie zu überfordern.",
            "Abre ventana tras ventana para abrumarle.",
            "Ouvre fenêtre sur fenêtre pour vous submerger.",
        ],
    },
    TrickDef {
        code: "fake_system_imagery",
        weight: 0.25,
        explanation: [
            "Shows pictures of a blue screen, Windows Defender or a virus scan. A web page cannot show you your computer's real state.",
            "Zeigt Bilder eines Bluescreens, von Windows Defender oder eines Virenscans. Eine Webseite kann den echten Zustand Ihres Computers nicht zeigen.",
            "Muestra imágenes de pantalla azul, Windows Defender o un análisis de virus. Una web no puede mostrar el estado real de su ordenador.",
            "Affiche des images d'écran bleu, de Windows Defender ou d'analyse antivirus. Une page web ne peut pas montrer l'état réel de votre ordinateur.",
        ],
    },
    TrickDef {
        code: "fake_scan_wording",
        weight: 0.3,
        explanation: [
            "Uses the wording of a system scan or crash (infected, locked, error codes). Real error messages never show a phone number.",
            "Verwendet die Sprache eines Systemscans oder Absturzes (infiziert, gesperrt, Fehlercodes). Echte Fehlermeldungen zeigen nie eine Telefonnummer.",
            "Usa el lenguaje de un análisis o fallo del sistema (infectado, bloqueado, códigos de error). Los errores reales nunca muestran un teléfono.",
            "Reprend le vocabulaire d'une analyse ou d'un plantage (infecté, bloqué, codes d'erreur). Les vrais messages d'erreur n'affichent jamais de numéro.",
        ],
    },
];

/// Explanation of the "number shown beside a brand" finding.
pub const PHONE_WITH_BRAND: Text4 = [
    "Shows a phone number beside a brand name. Microsoft, Apple and Amazon never put a support number in a warning.",
    "Zeigt eine Telefonnummer neben einem Markennamen. Microsoft, Apple und Amazon setzen nie eine Support-Nummer in eine Warnung.",
    "Muestra un teléfono junto a una marca. Microsoft, Apple y Amazon nunca ponen un número de soporte en un aviso.",
    "Affiche un numéro à côté d'une marque. Microsoft, Apple et Amazon ne mettent jamais de numéro d'assistance dans une alerte.",
];

struct Patterns {
    fullscreen: Regex,
    beforeunload: Regex,
    push_state: Regex,
    loop_or_timer: Regex,
    audio_call: Regex,
    alarm_file: Regex,
    dialog: Regex,
    contextmenu: Regex,
    key_handler: Regex,
    key_block: Regex,
    pointer_lock: Regex,
    cursor_none: Regex,
    window_open: Regex,
    imagery: Regex,
}

static PATTERNS: LazyLock<Option<Patterns>> = LazyLock::new(|| {
    let re = |p: &str| Regex::new(p).ok();
    Some(Patterns {
        fullscreen: re(r"(?i)\b(?:request|webkitRequest|mozRequest|msRequest)Full[sS]creen\b")?,
        beforeunload: re(r#"(?i)onbeforeunload|addEventListener\s*\(\s*['"]beforeunload"#)?,
        push_state: re(r"(?i)history\s*\.\s*pushState\s*\(")?,
        loop_or_timer: re(r"(?i)\bfor\s*\(|\bwhile\s*\(|setInterval\s*\(|setTimeout\s*\(")?,
        audio_call: re(r"(?i)new\s+Audio\s*\(|\.play\s*\(\s*\)")?,
        alarm_file: re(
            r"(?i)[\w/-]*(?:alarm|alert|beep|siren|warning|virus|msg)[\w-]*\.(?:mp3|wav|ogg|m4a)",
        )?,
        dialog: re(r"(?i)\b(?:alert|confirm|prompt)\s*\(")?,
        contextmenu: re(r#"(?i)['"]contextmenu['"]|oncontextmenu"#)?,
        key_handler: re(r#"(?i)(?:onkey(?:down|up|press)|['"]key(?:down|up|press)['"])"#)?,
        key_block: re(
            r"(?i)preventDefault|keyCode\s*={2,3}\s*(?:27|123)|key\s*={2,3}\s*['\x22](?:Escape|F12)|keyboard\s*\.\s*lock\s*\(|return\s+false",
        )?,
        pointer_lock: re(r"(?i)requestPointerLock\s*\(")?,
        cursor_none: re(r"(?i)cursor\s*:\s*none")?,
        window_open: re(r"(?i)window\s*\.\s*open\s*\(")?,
        imagery: re(
            r"(?i)bsod|blue[\s_-]?screen|bluescreen|defender|virus|malware|scan(?:ner|ning)?[\s_.-]|firewall|warning|security[\s_-]?alert|error[\s_-]?code",
        )?,
    })
});

fn snippet(s: &str, at: usize) -> String {
    let mut from = at.saturating_sub(20);
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + 60).min(s.len());
    while !s.is_char_boundary(to) {
        to += 1;
    }
    s[from..to].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds the tricks of a tokenized page: (code, evidence).
fn find_tricks(doc: &Document, text: &TextAnalysis) -> Vec<(&'static str, String)> {
    let Some(p) = PATTERNS.as_ref() else {
        return Vec::new();
    };
    let mut found: Vec<(&'static str, String)> = Vec::new();
    let mut add = |code: &'static str, ev: String| {
        if !found.iter().any(|(c, _)| *c == code) {
            found.push((code, ev));
        }
    };
    let mut push_states = 0;
    let mut dialogs = 0;
    let mut opens = 0;
    for s in &doc.scripts {
        let looped = p.loop_or_timer.is_match(s);
        if let Some(m) = p.fullscreen.find(s) {
            add("fullscreen", snippet(s, m.start()));
        }
        if let Some(m) = p.beforeunload.find(s) {
            add("beforeunload_trap", snippet(s, m.start()));
        }
        let n = p.push_state.find_iter(s).count();
        push_states += n;
        if n > 0
            && looped
            && let Some(m) = p.push_state.find(s)
        {
            add("history_flood", snippet(s, m.start()));
        }
        if let Some(m) = p.audio_call.find(s) {
            add("alarm_audio", snippet(s, m.start()));
        }
        if let Some(m) = p.alarm_file.find(s) {
            add("alarm_audio", m.as_str().to_string());
        }
        let d = p.dialog.find_iter(s).count();
        dialogs += d;
        if d > 0
            && looped
            && let Some(m) = p.dialog.find(s)
        {
            add("alert_loop", snippet(s, m.start()));
        }
        if let Some(m) = p.contextmenu.find(s) {
            add("right_click_disabled", snippet(s, m.start()));
        }
        if let Some(m) = p.key_handler.find(s)
            && p.key_block.is_match(s)
        {
            add("keyboard_trap", snippet(s, m.start()));
        }
        if let Some(m) = p.pointer_lock.find(s) {
            add("pointer_lock", snippet(s, m.start()));
        }
        let o = p.window_open.find_iter(s).count();
        opens += o;
        if o > 0
            && looped
            && let Some(m) = p.window_open.find(s)
        {
            add("window_flood", snippet(s, m.start()));
        }
    }
    if push_states >= 2 {
        add("history_flood", format!("history.pushState x{push_states}"));
    }
    if dialogs >= 3 {
        add("alert_loop", format!("alert/confirm/prompt x{dialogs}"));
    }
    if opens >= 3 {
        add("window_flood", format!("window.open x{opens}"));
    }
    for h in &doc.handlers {
        match h.as_str() {
            "onbeforeunload" => add("beforeunload_trap", h.clone()),
            "oncontextmenu" => add("right_click_disabled", h.clone()),
            _ => {}
        }
    }
    for s in &doc.styles {
        if let Some(m) = p.cursor_none.find(s) {
            add("cursor_hidden", m.as_str().to_string());
        }
    }
    for t in &doc.tags {
        match t.name.as_str() {
            "audio" | "video" | "embed" | "bgsound"
                if t.has("autoplay") || t.has("loop") || t.name == "bgsound" =>
            {
                add(
                    "alarm_audio",
                    format!(
                        "<{}{}>",
                        t.name,
                        if t.has("autoplay") {
                            " autoplay"
                        } else {
                            " loop"
                        }
                    ),
                );
            }
            "source" | "embed" | "audio" => {
                if let Some(m) = t.attr("src").and_then(|src| p.alarm_file.find(src)) {
                    add("alarm_audio", m.as_str().to_string());
                }
            }
            _ => {}
        }
        let described = ["src", "alt", "class", "id"]
            .iter()
            .filter_map(|a| t.attr(a))
            .find(|v| p.imagery.is_match(v));
        if matches!(t.name.as_str(), "img" | "div" | "section" | "video")
            && let Some(v) = described
        {
            add(
                "fake_system_imagery",
                format!("<{} {}>", t.name, v.chars().take(60).collect::<String>()),
            );
        }
    }
    if let Some(hit) = text.signals.iter().find(|s| {
        matches!(
            s.code.as_str(),
            "fake_scan_result" | "device_infected" | "device_locked" | "fake_error_code"
        )
    }) {
        add("fake_scan_wording", hit.excerpt.clone());
    }
    found
}

/// The page analysis itself; [`crate::Detector::analyse_page`] calls it with its parts.
pub(crate) fn analyse(
    html: &str,
    lang: Lang,
    scanner: &TextScanner,
    brand_names: &dyn Fn(&str) -> Vec<String>,
) -> PageAnalysis {
    let doc = tokenize(html);
    let text = scanner.analyse(&doc.text, lang);
    let extractor = dragnet_extract::shared();
    let ctx = dragnet_extract::Context::default();
    let mut indicators = extractor.extract_text(&doc.text, &ctx);
    for t in doc.tags.iter().filter(|t| t.name == "a") {
        if let Some(tel) = t.attr("href").and_then(|h| h.strip_prefix("tel:")) {
            let raw = dragnet_core::RawIndicator {
                ty: IndicatorType::Phone,
                value: tel.to_string(),
            };
            if let Ok(ind) = extractor.normalise(&raw, &ctx)
                && !indicators
                    .iter()
                    .any(|i| i.ty == ind.ty && i.value == ind.value)
            {
                indicators.push(ind);
            }
        }
    }
    let phones: Vec<String> = indicators
        .iter()
        .filter(|i| i.ty == IndicatorType::Phone)
        .map(|i| i.value.clone())
        .collect();
    let mut brands = brand_names(&doc.text);
    for b in brand_names(&doc.title) {
        if !brands.contains(&b) {
            brands.push(b);
        }
    }
    let mut keep = 1.0 - text.score;
    let mut tricks = Vec::new();
    let mut found = find_tricks(&doc, &text);
    found.sort_by_key(|(code, _)| TRICKS.iter().position(|d| d.code == *code));
    for (code, evidence) in found {
        if let Some(def) = TRICKS.iter().find(|d| d.code == code) {
            keep *= 1.0 - def.weight;
            tricks.push(Trick {
                code: code.to_string(),
                weight: def.weight,
                explanation: lang.pick(&def.explanation).to_string(),
                evidence,
            });
        }
    }
    if !phones.is_empty() && !brands.is_empty() {
        keep *= 0.7;
    }
    PageAnalysis {
        title: doc.title,
        brands,
        phones,
        indicators,
        tricks,
        text,
        score: round2(1.0 - keep),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trick_has_four_explanations() {
        for t in TRICKS {
            assert!(t.explanation.iter().all(|e| !e.is_empty()), "{}", t.code);
        }
        assert!(PATTERNS.is_some());
    }
}
