//! The pages' languages: choosing one per request and looking up its sentences.
//!
//! Negotiation, first match wins: `?lang=xx` (the visible switcher; it also sets the `lang`
//! cookie), then the `lang` cookie, then `Accept-Language` (highest q-value among en, de,
//! es, fr; `de-CH` counts as `de`), then English. Sentences live in Project Fluent files
//! (`locales/{en,de,es,fr}.ftl`) compiled into the binary; a missing message renders as
//! `⟦id⟧` so that tests (which render every page in every language) catch it.

use axum::http::HeaderMap;
use axum::http::header;
use dragnet_detect::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

/// The cookie remembering the reader's choice of language.
pub const LANG_COOKIE: &str = "lang";

/// The Fluent sources, in the order of [`Lang::ALL`].
pub const SOURCES: [(&str, &str); 4] = [
    ("en", include_str!("../../locales/en.ftl")),
    ("de", include_str!("../../locales/de.ftl")),
    ("es", include_str!("../../locales/es.ftl")),
    ("fr", include_str!("../../locales/fr.ftl")),
];

static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(code, src)| {
            let id: unic_langid::LanguageIdentifier =
                code.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No U+2068/U+2069 isolation marks around placeables: they would end up in
            // attribute values and in the reference number.
            bundle.set_use_isolating(false);
            let res = FluentResource::try_new((*src).to_string()).unwrap_or_else(|(res, errs)| {
                tracing::error!(lang = code, errors = ?errs, "syntax errors in a translation file");
                res
            });
            if let Err(errs) = bundle.add_resource(res) {
                tracing::error!(lang = code, errors = ?errs, "duplicate messages in a translation file");
            }
            bundle
        })
        .collect()
});

/// The sentences of one language, as the templates call them: `t.s("id")`,
/// `t.a("id", "name", value)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// The message `id`.
    pub fn s(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with one variable.
    pub fn a(&self, id: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), FluentValue::from(value.to_string()));
        self.format(id, Some(&args))
    }

    /// The message `id` with two variables.
    pub fn a2(&self, id: &str, n1: &str, v1: &str, n2: &str, v2: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(n1.to_string(), FluentValue::from(v1.to_string()));
        args.set(n2.to_string(), FluentValue::from(v2.to_string()));
        self.format(id, Some(&args))
    }

    /// The message `id` with a number (plural rules apply).
    pub fn n(&self, id: &str, name: &str, value: impl std::borrow::Borrow<u64>) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), FluentValue::from(*value.borrow()));
        self.format(id, Some(&args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let Some(bundle) = BUNDLES.get(self.lang as usize) else {
            return format!("⟦{id}⟧");
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return format!("⟦{id}⟧");
        };
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, lang = %self.lang, errors = ?errors, "translation formatting");
        }
        out.into_owned()
    }
}

/// Every message id of one language's file (for the completeness test).
pub fn message_ids(lang: Lang) -> Vec<String> {
    let Some((_, src)) = SOURCES.get(lang as usize) else {
        return Vec::new();
    };
    // Messages start at the beginning of a line with `id =`; comments, terms (`-x`),
    // attributes and continuation lines start otherwise.
    let mut ids: Vec<String> = src
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect();
    ids.sort();
    ids
}

/// How the language of a request was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    pub lang: Lang,
    /// `?lang=` named a supported language: remember it in the cookie.
    pub from_query: bool,
}

/// Picks the language of a request (see the module doc for the order).
pub fn negotiate(query_lang: Option<&str>, headers: &HeaderMap) -> Negotiated {
    if let Some(l) = query_lang.and_then(supported) {
        return Negotiated {
            lang: l,
            from_query: true,
        };
    }
    if let Some(l) = cookie(headers, LANG_COOKIE).and_then(|c| supported(&c)) {
        return Negotiated {
            lang: l,
            from_query: false,
        };
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Negotiated {
        lang: from_accept_language(accept).unwrap_or_default(),
        from_query: false,
    }
}

/// A supported language from a tag (`de`, `de-CH`, `FR_fr`), or `None`.
pub fn supported(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    primary.parse().ok()
}

/// The supported language with the highest q-value in an `Accept-Language` header; among
/// equal q-values the first listed wins. `q=0` means "not this one".
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let mut q = 1.0f32;
        for p in parts {
            if let Some(v) = p.trim().strip_prefix("q=") {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        if q <= 0.0 {
            continue;
        }
        if let Some(l) = supported(tag)
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, l));
        }
    }
    best.map(|(_, l)| l)
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// The language's own name, for the switcher.
pub fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::De => "Deutsch",
        Lang::Es => "Español",
        Lang::Fr => "Français",
    }
}
